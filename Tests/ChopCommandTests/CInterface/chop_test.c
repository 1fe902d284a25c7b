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

    /* Codes and scales of a block format: E2M1 codes, E8M0 scales 2^0 and 2^7. */
    size_t scale_count = 0;
    CHECK(chop_scale_count("mxfp4", NULL, shape, 2, &scale_count) == 0 && scale_count == 2);
    uint64_t element_codes[64], scale_codes[2];
    double scales[2], decoded[64];
    chop_encoded encoded = {element_codes, scales, scale_codes, NULL, 0};
    CHECK(chop_encode_shaped_f64("mxfp4", NULL, block, shape, 2, &encoded) == 0);
    CHECK(element_codes[5] == 0x2 && scale_codes[0] == 127 && scale_codes[1] == 134 && scales[1] == 128.0);
    CHECK(isnan(encoded.tensor_scale));
    CHECK(chop_decode_shaped_f64("mxfp4", NULL, &encoded, shape, 2, decoded) == 0);
    CHECK(memcmp(decoded, block, sizeof block) == 0);
    /* NVFP4 with the tensor amax given: 6 · 448 makes the tensor scale 1. */
    options.tensor_amax = 6.0 * 448.0;
    CHECK(chop_encode_shaped_f64("nvfp4", &options, block, shape, 2, &encoded) == 0 && encoded.tensor_scale == 1.0);
    CHECK(chop_round_shaped_f64("e4m3fn", &options, block, decoded, shape, 2) != 0);
    CHECK(strstr(chop_last_error(), "tensor_amax") != NULL);
    chop_options_default(&options);

    /* Pieces of a 2×64 array: stochastic MXFP4 halves at their origins equal the whole. */
    double grid[2 * 64], left[2 * 32], right[2 * 32];
    for (int i = 0; i < 128; i++) grid[i] = 1.0 + i / 97.0;
    for (int r = 0; r < 2; r++)
        for (int c = 0; c < 32; c++) left[r * 32 + c] = grid[r * 64 + c], right[r * 32 + c] = grid[r * 64 + 32 + c];
    size_t grid_shape[2] = {2, 64}, half_shape[2] = {2, 32}, left_origin[2] = {0, 0}, right_origin[2] = {0, 32};
    options.rounding = "stochastic";
    options.seed = 11;
    CHECK(chop_round_shaped_f64("mxfp4", &options, grid, grid, grid_shape, 2) == 0);
    options.global_shape = grid_shape;
    options.origin = left_origin;
    CHECK(chop_round_shaped_f64("mxfp4", &options, left, left, half_shape, 2) == 0);
    options.origin = right_origin;
    CHECK(chop_round_shaped_f64("mxfp4", &options, right, right, half_shape, 2) == 0);
    for (int r = 0; r < 2; r++)
        CHECK(memcmp(left + r * 32, grid + r * 64, 32 * sizeof(double)) == 0 &&
              memcmp(right + r * 32, grid + r * 64 + 32, 32 * sizeof(double)) == 0);
    size_t cut_origin[2] = {0, 16};
    options.origin = cut_origin;
    CHECK(chop_round_shaped_f64("mxfp4", &options, left, left, half_shape, 2) != 0);
    CHECK(strstr(chop_last_error(), "cuts mxfp4's blocks") != NULL);
    options.global_shape = NULL;
    CHECK(chop_round_shaped_f64("e4m3fn", &options, left, left, half_shape, 2) != 0);
    CHECK(strstr(chop_last_error(), "origin and global_shape") != NULL);
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

    /* Matrix products: a binary16 accumulator loses each 1 added to 2048 (a tie to even);
       three products fused in one rounding keep both. */
    double row[3] = {2048, 1, 1}, column[3] = {1, 1, 1}, product = 0;
    chop_matmul_options model;
    chop_matmul_options_default(&model);
    model.accumulate = "binary16";
    CHECK(chop_matmul_f64(&model, row, column, NULL, &product, 1, 3, 1) == 0 && product == 2048);
    model.order = "fused:3";
    CHECK(chop_matmul_f64(&model, row, column, NULL, &product, 1, 3, 1) == 0 && product == 2050);
    model.order = "sideways";
    CHECK(chop_matmul_f64(&model, row, column, NULL, &product, 1, 3, 1) != 0 && strstr(chop_last_error(), "order") != NULL);
    /* A V100 tensor core truncates 3·2^-24 beside 2; the addend joins the group. */
    chop_matmul_options_default(&model);
    model.model = "v100";
    model.input_format = "binary16";
    double ones[4] = {1, 1, 1, 1}, small[4] = {2, 0x1p-23 + 0x1p-24, 0, 0}, addend = 0.5;
    CHECK(chop_matmul_f64(&model, ones, small, NULL, &product, 1, 4, 1) == 0 && product == 2);
    CHECK(chop_matmul_f64(&model, ones, small, &addend, &product, 1, 4, 1) == 0 && product == 2.5);
    model.input_format = "bfloat16";
    CHECK(chop_matmul_f64(&model, ones, small, NULL, &product, 1, 4, 1) != 0 && strstr(chop_last_error(), "v100 takes binary16") != NULL);

    /* Names and widths. */
    const char *info = chop_format_info("e4m3fn");
    CHECK(info != NULL && strstr(info, "\"max\": 448.0") != NULL && strstr(info, "\"family\": \"float\"") != NULL);
    CHECK(chop_format_info("nosuch") == NULL && strstr(chop_last_error(), "nosuch") != NULL);
    CHECK(chop_format_bit_width("e2m1") == 4 && chop_format_bit_width("posit32") == 32);
    CHECK(chop_format_bit_width("nosuch") == -1 && strstr(chop_last_error(), "nosuch") != NULL);
    CHECK(strstr(chop_format_names(), "bfloat16\n") != NULL && strstr(chop_format_names(), "mxfp4") != NULL);

    if (failures == 0) printf("ok\n");
    return failures == 0 ? 0 : 1;
}
