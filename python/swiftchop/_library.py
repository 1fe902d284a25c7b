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
        ("origin", ctypes.POINTER(ctypes.c_size_t)),
        ("global_shape", ctypes.POINTER(ctypes.c_size_t)),
        ("tensor_amax", ctypes.c_double),
    ]


class Encoded(ctypes.Structure):
    """chop_encoded of chop.h."""

    _fields_ = [
        ("codes", ctypes.c_void_p),
        ("scales", ctypes.c_void_p),
        ("scale_codes", ctypes.c_void_p),
        ("zero_points", ctypes.c_void_p),
        ("tensor_scale", ctypes.c_double),
    ]


class MatmulOptions(ctypes.Structure):
    """chop_matmul_options of chop.h."""

    _fields_ = [
        ("input_format", ctypes.c_char_p),
        ("input_rounding", ctypes.c_char_p),
        ("accumulate", ctypes.c_char_p),
        ("order", ctypes.c_char_p),
        ("product_format", ctypes.c_char_p),
        ("output_format", ctypes.c_char_p),
        ("rounding", ctypes.c_char_p),
        ("random_bits", ctypes.c_int),
        ("overflow", ctypes.c_char_p),
        ("seed", ctypes.c_uint64),
        ("threads", ctypes.c_int),
        ("model", ctypes.c_char_p),
        ("promote_every", ctypes.c_int),
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
library.chop_scale_count.argtypes = [ctypes.c_char_p, ctypes.POINTER(Options), ctypes.POINTER(_size), _size,
                                     ctypes.POINTER(_size)]
library.chop_scale_count.restype = ctypes.c_int
library.chop_encode_shaped_f64.argtypes = [ctypes.c_char_p, ctypes.POINTER(Options), _pointer, ctypes.POINTER(_size), _size,
                                           ctypes.POINTER(Encoded)]
library.chop_encode_shaped_f64.restype = ctypes.c_int
library.chop_decode_shaped_f64.argtypes = [ctypes.c_char_p, ctypes.POINTER(Options), ctypes.POINTER(Encoded),
                                           ctypes.POINTER(_size), _size, _pointer]
library.chop_decode_shaped_f64.restype = ctypes.c_int
library.chop_encode_f64.argtypes = [ctypes.c_char_p, ctypes.POINTER(Options), _pointer, _pointer, _size]
library.chop_encode_f64.restype = ctypes.c_int
library.chop_decode_f64.argtypes = [ctypes.c_char_p, _pointer, _pointer, _size]
library.chop_decode_f64.restype = ctypes.c_int
library.chop_options_default.argtypes = [ctypes.POINTER(Options)]
library.chop_options_default.restype = None
library.chop_format_bit_width.argtypes = [ctypes.c_char_p]
library.chop_format_bit_width.restype = ctypes.c_int
library.chop_matmul_options_default.argtypes = [ctypes.POINTER(MatmulOptions)]
library.chop_matmul_options_default.restype = None
library.chop_matmul_f64.argtypes = [ctypes.POINTER(MatmulOptions), _pointer, _pointer, _pointer, _pointer, _size, _size,
                                    _size]
library.chop_matmul_f64.restype = ctypes.c_int
library.chop_format_info.argtypes = [ctypes.c_char_p]
library.chop_format_info.restype = ctypes.c_char_p
library.chop_format_names.argtypes = []
library.chop_format_names.restype = ctypes.c_char_p
library.chop_last_error.argtypes = []
library.chop_last_error.restype = ctypes.c_char_p
