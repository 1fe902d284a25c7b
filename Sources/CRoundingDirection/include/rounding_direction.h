/*
 * rounding_direction.h: set the calling thread's floating-point rounding direction, and
 * set it back. ChopFormats's array loops for the directed modes round by the hardware's
 * own addition in that direction between these two calls.
 *
 * The functions live in their own C file, out of the compiler's sight at every call:
 * an opaque call may read and write any memory, so no load of the loop's input moves
 * above the first and no store of its output moves below the second (a call the compiler
 * knew as `fesetround` could be treated as touching no memory of the caller's).
 */
#ifndef CHOP_ROUNDING_DIRECTION_H
#define CHOP_ROUNDING_DIRECTION_H

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Sets the calling thread's rounding direction: 1 toward +infinity, -1 toward -infinity,
 * 0 toward zero.
 * Returns the direction to pass to chop_restore_rounding_direction, or -1 (and changes
 * nothing) where the platform cannot set that direction.
 */
int chop_set_rounding_direction(int direction);

/* Sets back the direction chop_set_rounding_direction returned. */
void chop_restore_rounding_direction(int saved);

/* Whether the calling thread rounds to nearest (what every other loop assumes). */
int chop_rounds_to_nearest(void);

#ifdef __cplusplus
}
#endif

#endif
