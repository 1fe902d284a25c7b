#include "chop.h"

#include <math.h>

void chop_options_default(chop_options *options) {
    options->rounding = 0;
    options->seed = 0;
    options->first_index = 0;
    options->random_bits = 0;
    options->overflow = 0;
    options->axis = -1;
    options->threads = 0;
    options->origin = 0;
    options->global_shape = 0;
    options->tensor_amax = NAN;
}

void chop_matmul_options_default(chop_matmul_options *options) {
    options->input_format = 0;
    options->input_rounding = 0;
    options->accumulate = 0;
    options->order = 0;
    options->product_format = 0;
    options->output_format = 0;
    options->rounding = 0;
    options->random_bits = 0;
    options->overflow = 0;
    options->seed = 0;
    options->threads = 0;
    options->model = 0;
    options->promote_every = 0;
}
