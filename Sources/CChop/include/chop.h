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
    /* Stochastic modes: element j of the call (its C-order index) draws the random bits of
       index first_index + j (with random_bits <= 32, 64 / random_bits elements share one
       word of the stream), so pieces of a flat array rounded separately equal one call on the
       whole (block formats: pieces that hold whole blocks). */
    uint64_t first_index;
    /* Stochastic modes: random bits per element (0: the mode's default, 52). */
    int random_bits;
    /* Float formats: "infinity", "nan" or "saturate" (NULL: the format's default). */
    const char *overflow;
    /* Block formats: the axis the blocks run along (negative counts from the end; default
       -1). Integer formats scale per tensor. */
    int axis;
    /* Threads: 0 for automatic (every core for 2^20 elements or more), else at least 1. The
       result never depends on it. */
    int threads;
    /* A piece of a larger array (both NULL: the call's array is the whole): the piece's
       origin and the whole array's shape, rank sizes each. Element at piece index l takes
       the random bits of its C-order index in the whole (plus first_index), so any
       chunking rounds to the bits of one call. Block formats: the piece must start and end
       on block boundaries along the blocks' axis (or at the array's end), and stochastic
       modes need blocks along the last axis; integer formats with scales refuse pieces. */
    const size_t *origin;
    const size_t *global_shape;
    /* Formats with a tensor scale (nvfp4): the whole tensor's largest finite magnitude, so
       that its pieces share the whole's tensor scale. NaN (the default): the data's. */
    double tensor_amax;
} chop_options;

/* Fills *options with the defaults: nearest-even, seed 0, first index 0, default random
   bits and overflow, axis -1, automatic threads, the whole array, tensor amax NaN. */
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

/* An array's codes and the scales they need, in arrays the caller allocates: codes one per
   element (in the format's bit width: the elements' for block formats); scales, scale_codes
   and zero_points one per group (chop_scale_count). Block formats have scales (their
   values) and scale_codes (E8M0 or E4M3 codes); integer formats scales and zero_points.
   Encoding writes the arrays that are not NULL; decoding reads what the format needs
   (scale_codes for block formats, scales and zero_points for integer ones). */
typedef struct chop_encoded {
    uint64_t *codes;
    double *scales;
    uint64_t *scale_codes;
    int64_t *zero_points;
    /* nvfp4's tensor scale (a binary32 value), NaN for formats without one. */
    double tensor_scale;
} chop_encoded;

/* How many scales an array of shape has in format with options->axis: one per block (mxfp4,
   nvfp4, ...), one per tensor for integer formats, 0 for element-wise formats. */
int chop_scale_count(const char *format, const chop_options *options, const size_t *shape, size_t rank,
                     size_t *count);

/* Quantizes a row-major array (rounded as chop_round_shaped_f64 would) to its codes and
   scales; decodes them back to values. */
int chop_encode_shaped_f64(const char *format, const chop_options *options, const double *input,
                           const size_t *shape, size_t rank, chop_encoded *encoded);
int chop_decode_shaped_f64(const char *format, const chop_options *options, const chop_encoded *encoded,
                           const size_t *shape, size_t rank, double *output);

/* The same for element-wise formats (floats, posits), with flat arrays of codes; a format
   with scales is refused. A code that is not one of the format's is an error. */
int chop_encode_f64(const char *format, const chop_options *options, const double *input, uint64_t *codes,
                    size_t count);
int chop_decode_f64(const char *format, const uint64_t *codes, double *output, size_t count);

/* The bit width of format's codes (8 for e4m3fn, 16 for posit16, 4 for mxfp4's elements),
   or -1 with a message for an unknown name. */
int chop_format_bit_width(const char *format);

/* A matrix product's model: the names `chop matmul` takes. Start from
   chop_matmul_options_default(); a NULL name takes the default. */
typedef struct chop_matmul_options {
    /* The inputs' format: float or posit (element by element), block (mxfp8-e4m3, mxfp4,
       nvfp4, ...: quantized along k), or "binary64" (the default: the inputs as given). */
    const char *input_format;
    const char *input_rounding;   /* default nearest-even */
    const char *accumulate;       /* the accumulator's float or posit format, or "exact"; default binary32 */
    const char *order;            /* sequential (default), pairwise, blocked:N, fused:K or exact */
    const char *product_format;   /* each product rounded to it first; default exact products */
    const char *output_format;    /* default the accumulator's (binary64 for exact) */
    const char *rounding;         /* every partial sum and the output; default nearest-even */
    int random_bits;              /* stochastic modes; 0: 52 */
    const char *overflow;         /* float accumulators: infinity, nan or saturate */
    uint64_t seed;
    int threads;                  /* 0: automatic; the result never depends on it */
    /* A GPU's matrix unit instead of the names above (v100, a100, a2, ada, l40s, h100, h200,
       b200, mi100, mi250x, mi300x): input_format is then the GPU's (binary16, bfloat16,
       tf32, e4m3fn, e5m2, ...), output_format binary32 (default) or binary16, and
       accumulate, order, product_format, rounding and overflow stay NULL. */
    const char *model;
    int promote_every;            /* with a model: runs of this many products added in binary32; 0: none */
} chop_matmul_options;

void chop_matmul_options_default(chop_matmul_options *options);

/* d = a·b + c as the model computes it: a is m×k, b k×n, c and d m×n, all row-major doubles
   (c NULL: zeros; it needs a GPU model). d may not overlap a or b. */
int chop_matmul_f64(const chop_matmul_options *options, const double *a, const double *b, const double *c,
                    double *d, size_t m, size_t k, size_t n);

/* format's numbers as a JSON object: name, family, bits, and the family's own (precision,
   emin, emax, max, min_normal, min_subnormal, unit_roundoff, ... for floats; es for posits;
   block_size, element, scale, tensor_scale for block formats; code_min, code_max for
   integer ones). NULL with a message for an unknown name. Valid until the thread's next
   call of chop_format_info. */
const char *chop_format_info(const char *format);

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
