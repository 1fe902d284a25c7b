#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A progress line on standard error for runs longer than a second: elements done, rate and
/// time left, redrawn a few times a second. Silent when standard error is not a terminal or
/// when asked to be quiet.
final class ProgressLine {
    private let enabled: Bool
    /// Seconds before the first line (1; `CHOP_PROGRESS_AFTER` overrides it, for tests).
    private let delay: Double
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private var lastDraw: ContinuousClock.Instant
    private var drawn = false

    init(quiet: Bool) {
        enabled = !quiet && isatty(STDERR_FILENO) == 1
        delay = getenv("CHOP_PROGRESS_AFTER").flatMap { Double(String(cString: $0)) } ?? 1
        start = clock.now
        lastDraw = start
    }

    func update(done: Int, total: Int) {
        guard enabled else { return }
        let now = clock.now
        let elapsed = seconds(now - start)
        guard elapsed >= delay, seconds(now - lastDraw) > 0.2 || done == total || !drawn else { return }
        lastDraw = now
        let rate = Double(done) / elapsed
        let left = rate > 0 ? Double(total - done) / rate : 0
        let percent = total > 0 ? 100 * done / total : 100
        StandardError.write(
            "\rchop: \(millions(done)) of \(millions(total)) elements (\(percent)%), \(millions(Int(rate)))/s, \(Int(left.rounded(.up))) s left\u{1B}[K")
        drawn = true
    }

    /// Clears the line.
    func finish() {
        if drawn { StandardError.write("\r\u{1B}[K") }
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    private func millions(_ count: Int) -> String {
        count >= 1_000_000 ? "\((Double(count) / 1e5).rounded() / 10) M" : "\(count)"
    }
}
