"""Loads libCChop and declares the functions of chop.h."""
import ctypes
import os
import pathlib


class Options(ctypes.Structure):
    """chop_options of chop.h."""

    _fields_ = [
        ("rounding", ctypes.c_char_p),
        ("seed", ctypes.c_uint64),
        ("first_index", ctypes.c_uint64),
        ("random_bits", ctypes.c_int),
        ("overflow", ctypes.c_char_p),
        ("axis", ctypes.c_int),
        ("threads", ctypes.c_int),
    ]


def _load():
    """The library named by SWIFTCHOP_LIBRARY (a checkout's build), else the installed one."""
    explicit = os.environ.get("SWIFTCHOP_LIBRARY")
    here = pathlib.Path(__file__).resolve().parent
    candidates = [pathlib.Path(explicit)] if explicit else [here / "libCChop.so", here / "libCChop.dylib"]
    for path in candidates:
        if path.exists():
            return ctypes.CDLL(str(path))
    raise ImportError(f"swiftchop: libCChop not found (looked for {', '.join(map(str, candidates))}); "
                      "install with `pip install ./python`, or set SWIFTCHOP_LIBRARY")


library = _load()
_size = ctypes.c_size_t
_pointer = ctypes.c_void_p
for _name in ("chop_round_shaped_f64", "chop_round_shaped_f32"):
    getattr(library, _name).argtypes = [ctypes.c_char_p, ctypes.POINTER(Options), _pointer, _pointer,
                                         ctypes.POINTER(_size), _size]
    getattr(library, _name).restype = ctypes.c_int
library.chop_encode_f64.argtypes = [ctypes.c_char_p, ctypes.POINTER(Options), _pointer, _pointer, _size]
library.chop_encode_f64.restype = ctypes.c_int
library.chop_decode_f64.argtypes = [ctypes.c_char_p, _pointer, _pointer, _size]
library.chop_decode_f64.restype = ctypes.c_int
library.chop_options_default.argtypes = [ctypes.POINTER(Options)]
library.chop_options_default.restype = None
library.chop_format_bit_width.argtypes = [ctypes.c_char_p]
library.chop_format_bit_width.restype = ctypes.c_int
library.chop_format_names.argtypes = []
library.chop_format_names.restype = ctypes.c_char_p
library.chop_last_error.argtypes = []
library.chop_last_error.restype = ctypes.c_char_p
