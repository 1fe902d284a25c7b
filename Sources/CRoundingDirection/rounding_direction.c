#include "rounding_direction.h"

#include <fenv.h>

int chop_set_rounding_direction(int direction) {
#if defined(FE_UPWARD) && defined(FE_DOWNWARD) && defined(FE_TOWARDZERO)
    int saved = fegetround();
    if (saved < 0) return -1;
    int mode = direction > 0 ? FE_UPWARD : direction < 0 ? FE_DOWNWARD : FE_TOWARDZERO;
    if (fesetround(mode) != 0) {
        fesetround(saved);
        return -1;
    }
    return saved;
#else
    (void)direction;
    return -1;
#endif
}

void chop_restore_rounding_direction(int saved) {
    fesetround(saved);
}

int chop_rounds_to_nearest(void) {
    return fegetround() == FE_TONEAREST;
}
