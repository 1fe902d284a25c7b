"""Builds swift-chop's C interface (libCChop, release) with `swift build` and ships it
inside the package, so `pip install ./python` needs only a Swift toolchain."""
import pathlib
import shutil
import subprocess

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.dist import Distribution

REPOSITORY = pathlib.Path(__file__).resolve().parent.parent


class BuildWithSwift(build_py):
    def run(self):
        super().run()
        subprocess.run(["swift", "build", "-c", "release", "--product", "CChop", "--package-path", str(REPOSITORY)], check=True)
        binaries = pathlib.Path(subprocess.run(
            ["swift", "build", "-c", "release", "--show-bin-path", "--package-path", str(REPOSITORY)],
            check=True, capture_output=True, text=True).stdout.strip())
        library = next(p for p in (binaries / "libCChop.so", binaries / "libCChop.dylib") if p.exists())
        target = pathlib.Path(self.build_lib) / "swiftchop"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(library, target / library.name)


class BinaryDistribution(Distribution):
    """The wheel holds a native library: it is specific to the platform."""

    def has_ext_modules(self):
        return True


setup(cmdclass={"build_py": BuildWithSwift}, distclass=BinaryDistribution)
