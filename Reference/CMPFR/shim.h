// MPFR declares its FILE-based functions only when <stdio.h> came first.
#include <stdio.h>
#include <mpfr.h>
