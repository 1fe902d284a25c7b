#include "chop.h"

void chop_options_default(chop_options *options) {
    options->rounding = 0;
    options->seed = 0;
    options->first_index = 0;
    options->random_bits = 0;
    options->overflow = 0;
    options->axis = -1;
    options->threads = 0;
}
