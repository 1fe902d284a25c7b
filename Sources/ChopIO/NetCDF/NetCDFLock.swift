#if NetCDF
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one lock every call into the netCDF library takes: libnetcdf and the serial HDF5
/// under it are not thread-safe, so two datasets or jobs on different threads take turns.
/// Recursive, because a job holds it while it reads through its dataset.
///
/// Taking it also turns off HDF5's printing of its error stack on the calling thread: the
/// netCDF library does so only on the thread that first initialized it, and the stack of a
/// thread-safe HDF5 is per thread, so other threads would print every attribute the library
/// probes for and does not find. Errors still reach us as netCDF statuses.
final class NetCDFLock: @unchecked Sendable {
    static let shared = NetCDFLock()
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    /// `H5Eset_auto2(hid_t stack, H5E_auto2_t function, void *data)`, found in the process
    /// (libnetcdf loads HDF5) so that no HDF5 header or library name is needed.
    private let setAutomaticErrorPrinting: (@convention(c) (Int64, UnsafeMutableRawPointer?, UnsafeMutableRawPointer?) -> Int32)? =
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), "H5Eset_auto2").map { unsafeBitCast($0, to: (@convention(c) (Int64, UnsafeMutableRawPointer?, UnsafeMutableRawPointer?) -> Int32).self) }

    private init() {
        mutex = .allocate(capacity: 1)
        var attributes = pthread_mutexattr_t()
        pthread_mutexattr_init(&attributes)
        pthread_mutexattr_settype(&attributes, Int32(PTHREAD_MUTEX_RECURSIVE))
        pthread_mutex_init(mutex, &attributes)
        pthread_mutexattr_destroy(&attributes)
    }

    /// Runs `body` holding the lock.
    func withLock<Result, Failure: Error>(_ body: () throws(Failure) -> Result) throws(Failure) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        _ = setAutomaticErrorPrinting?(0, nil, nil)  // H5E_DEFAULT
        return try body()
    }
}
#endif
