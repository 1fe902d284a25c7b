#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How many threads the array operations use by default.
///
/// Array APIs take `threads: Int = Parallelism.automatic`: every core the process may run
/// on for arrays of at least ``crossover`` elements, one thread below. Results are the same
/// bits for any thread count, so the choice is only about speed.
public enum Parallelism {
    /// The `threads` value that asks for the automatic choice.
    public static let automatic = 0

    /// The smallest array that gets every core: 2^20 elements. Measured on the 2-core
    /// development machine (`chop bench --count N --threads 1|2`, medians of 51 runs): a
    /// second thread gained nothing on 262,144 elements (its start-up cost the time it
    /// saved, even for stochastic rounding's 1 ms), 1.06x (nearest) to 1.5x (stochastic) on
    /// 1,048,576, and 1.7x to 1.8x on 4,194,304.
    public static let crossover = 1 << 20

    /// The threads for `elements` elements when the caller asked for `requested`: the request
    /// itself when positive, else the automatic choice.
    public static func threads(_ requested: Int, elements: Int) -> Int {
        if requested > 0 { return requested }
        return elements >= crossover ? max(1, ProcessInfo.processInfo.activeProcessorCount) : 1
    }
}
