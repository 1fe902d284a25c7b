/* The C interface as a C program uses it: compiled and run by CInterfaceTests. Prints
   "ok" and exits 0 when every check holds; otherwise names the first failed check. */
#include <chop.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static int failures = 0;
#define CHECK(condition)                                                          \
    do {                                                                          \
        if (!(condition)) {                                                       \
            printf("failed at line %d: %s (%s)\n", __LINE__, #condition, chop_last_error()); \
            failures++;                                                           \
        }                                                                         \
    } while (0)

int main(void) {
    /* e4m3fn: 1/3 to the nearest even of its 3-bit significands, 464 (a tie between 448 and
       480, whose pattern is NaN) to 448, an underflow to -0. */
    double values[3] = {1.0 / 3.0, 464.0, -1e-300};
    double rounded[3];
    CHECK(chop_round_f64("e4m3fn", NULL, 0, 0, values, rounded, 3) == 0);
    CHECK(rounded[0] == 0.34375 && rounded[1] == 448.0 && rounded[2] == 0.0 && signbit(rounded[2]));

    /* A bad name: non-zero, a message naming it, the output untouched. */
    double untouched[3] = {7, 7, 7};
    CHECK(chop_round_f64("e9m99x", NULL, 0, 0, values, untouched, 3) != 0);
    CHECK(strstr(chop_last_error(), "e9m99x") != NULL && untouched[0] == 7);
    CHECK(chop_round_f64("bfloat16", "sideways", 0, 0, values, untouched, 3) != 0);
    CHECK(strstr(chop_last_error(), "sideways") != NULL);

    /* In place, in float: binary16 of 0.1 is 1638/16384. */
    float singles[2] = {0.1f, 65520.0f};
    CHECK(chop_round_f32("binary16", "nearest-even", 0, 0, singles, singles, 2) == 0);
    CHECK(singles[0] == 1638.0f / 16384.0f && isinf(singles[1]));

    /* Options: saturation, toward zero. */
    chop_options options;
    chop_options_default(&options);
    options.overflow = "saturate";
    size_t three = 3;
    double big[3] = {1e6, -1e6, 1.0};
    CHECK(chop_round_shaped_f64("e5m2", &options, big, big, &three, 1) == 0);
    CHECK(big[0] == 57344.0 && big[1] == -57344.0 && big[2] == 1.0);
    options.overflow = "infinity";  /* e4m3fn has no infinity */
    CHECK(chop_round_shaped_f64("e4m3fn", &options, big, big, &three, 1) != 0);
    CHECK(strstr(chop_last_error(), "infinity") != NULL);
    chop_options_default(&options);

    /* Stochastic: pieces rounded with first_index equal one call on the whole. */
    double whole[1000], pieces[1000];
    for (int i = 0; i < 1000; i++) whole[i] = pieces[i] = 1.0 + i * 1e-4;
    CHECK(chop_round_f64("e4m3fn", "stochastic", 42, 0, whole, whole, 1000) == 0);
    CHECK(chop_round_f64("e4m3fn", "stochastic", 42, 0, pieces, pieces, 300) == 0);
    CHECK(chop_round_f64("e4m3fn", "stochastic", 42, 300, pieces + 300, pieces + 300, 700) == 0);
    CHECK(memcmp(whole, pieces, sizeof whole) == 0);
    int ups = 0;
    for (int i = 0; i < 1000; i++) ups += whole[i] > 1.0;
    CHECK(ups > 0 && ups < 1000);

    /* Block formats along an axis: MXFP4 rows of 32 share a power-of-two scale. */
    double block[2 * 32];
    for (int i = 0; i < 64; i++) block[i] = (i < 32 ? 1.0 : 100.0) * (i % 32) / 5.0;
    size_t shape[2] = {2, 32};
    CHECK(chop_round_shaped_f64("mxfp4", NULL, block, block, shape, 2) == 0);
    CHECK(block[5] == 1.0 && block[31] == 6.0 && block[32 + 31] == 512.0);
    options.rounding = "stochastic";
    options.first_index = 5;
    CHECK(chop_round_shaped_f64("mxfp4", &options, block, block, shape, 2) != 0);
    CHECK(strstr(chop_last_error(), "first_index") != NULL);
    chop_options_default(&options);

    /* Codes: encode and decode back; posits too. */
    uint64_t codes[3];
    double back[3];
    CHECK(chop_encode_f64("e4m3fn", NULL, values, codes, 3) == 0);
    CHECK(codes[0] == 0x2b && codes[1] == 0x7e && codes[2] == 0x80);
    CHECK(chop_decode_f64("e4m3fn", codes, back, 3) == 0);
    CHECK(back[0] == 0.34375 && back[1] == 448.0 && back[2] == 0.0 && signbit(back[2]));
    double one[1] = {1.0};
    CHECK(chop_encode_f64("posit16", NULL, one, codes, 1) == 0 && codes[0] == 0x4000);
    CHECK(chop_encode_f64("mxfp4", NULL, one, codes, 1) != 0);
    uint64_t bad = 0x7f;
    CHECK(chop_decode_f64("e4m3fn", &bad, back, 1) == 0 && isnan(back[0]));

    /* Names and widths. */
    CHECK(chop_format_bit_width("e2m1") == 4 && chop_format_bit_width("posit32") == 32);
    CHECK(chop_format_bit_width("nosuch") == -1 && strstr(chop_last_error(), "nosuch") != NULL);
    CHECK(strstr(chop_format_names(), "bfloat16\n") != NULL && strstr(chop_format_names(), "mxfp4") != NULL);

    if (failures == 0) printf("ok\n");
    return failures == 0 ? 0 : 1;
}
