/*
 * chop.h: the C interface of swift-chop. Round arrays to low-precision formats
 * (bfloat16, FP8, FP6, FP4, posits, integer and fixed point, MX and NVFP4 blocks) with
 * every rounding mode, the same bits as the Swift library and the `chop` tool.
 *
 * Link: -lCChop (the dynamic library `swift build -c release --product CChop` writes to
 * .build/release; `Sources/CChop/pkg-config.sh > chop.pc` writes a file for pkg-config).
 *
 * Every function returning int returns 0 on success and non-zero on failure, with the
 * reason in chop_last_error(). Outputs may be the inputs (in place). Functions are safe to
 * call from several threads at once.
 */
#ifndef CHOP_H
#define CHOP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What to round with besides the format. Start from chop_options_default(). */
typedef struct chop_options {
    /* "nearest-even" (NULL), "nearest-away", "toward-zero", "up", "down", "odd",
       "stochastic", "stochastic-equal" (the names chop --rounding takes). */
    const char *rounding;
    /* Stochastic modes: the stream's seed. */
    uint64_t seed;
    /* Stochastic modes: element j of the call draws random word first_index + j, so pieces
       of an array rounded separately equal one call on the whole. Floats and posits only:
       block and integer formats round whole groups and refuse a non-zero first_index. */
    uint64_t first_index;
    /* Stochastic modes: random bits per element (0: the mode's default, 52). */
    int random_bits;
    /* Float formats: "infinity", "nan" or "saturate" (NULL: the format's default). */
    const char *overflow;
    /* Block and integer formats: the axis the groups run along (negative counts from the
       end; default -1). */
    int axis;
    /* Threads: 0 for automatic (every core for 2^20 elements or more), else at least 1. The
       result never depends on it. */
    int threads;
} chop_options;

/* Fills *options with the defaults: nearest-even, seed 0, first index 0, default random
   bits and overflow, axis -1, automatic threads. */
void chop_options_default(chop_options *options);

/* Rounds count doubles (or floats) to format ("e4m3fn", "bfloat16", "posit16", "int8",
   "mxfp4", ...). Element-wise formats only treat the array as flat; block and integer
   formats see one row of count elements. */
int chop_round_f64(const char *format, const char *rounding, uint64_t seed, uint64_t first_index,
                   const double *input, double *output, size_t count);
int chop_round_f32(const char *format, const char *rounding, uint64_t seed, uint64_t first_index,
                   const float *input, float *output, size_t count);

/* Rounds a row-major array of rank dimensions (shape[0] × ... × shape[rank-1] elements) with
   options (NULL: the defaults): block and integer formats group along options->axis. */
int chop_round_shaped_f64(const char *format, const chop_options *options, const double *input, double *output,
                          const size_t *shape, size_t rank);
int chop_round_shaped_f32(const char *format, const chop_options *options, const float *input, float *output,
                          const size_t *shape, size_t rank);

/* The codes of the rounded values of an element-wise format (floats, posits): one code per
   element in the format's bit width. Block and integer formats are refused. */
int chop_encode_f64(const char *format, const chop_options *options, const double *input, uint64_t *codes,
                    size_t count);
/* The values of codes of an element-wise format; a code that is not one is an error. */
int chop_decode_f64(const char *format, const uint64_t *codes, double *output, size_t count);

/* The bit width of format's codes (8 for e4m3fn, 16 for posit16, 4 for mxfp4's elements),
   or -1 with a message for an unknown name. */
int chop_format_bit_width(const char *format);

/* The preset names of every family (floats, posits, blocks), one per line. Patterns such as
   p<P>emax<E>, posit<N>es<E>, int<N>, uint<N> and fixed<I>.<F> are accepted too. */
const char *chop_format_names(void);

/* The calling thread's message for its last failure ("" when there was none). Valid until
   the thread's next failing call. */
const char *chop_last_error(void);

#ifdef __cplusplus
}
#endif

#endif
