#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The calling thread's message for its last failure, as a C string it owns.
enum LastError {
    /// One key for every thread; each thread's value is a `strdup`ed string freed when the
    /// thread ends or the next message replaces it.
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { free($0) }
        return key
    }()

    static func set(_ message: String) {
        free(pthread_getspecific(key))
        pthread_setspecific(key, strdup(message))
    }

    /// The message, or "" when this thread has none.
    static var current: UnsafePointer<CChar> {
        if let message = pthread_getspecific(key) { return UnsafePointer(message.assumingMemoryBound(to: CChar.self)) }
        // A string literal is stored null-terminated for the life of the program.
        let empty: StaticString = ""
        return UnsafeRawPointer(empty.utf8Start).assumingMemoryBound(to: CChar.self)
    }
}

/// Runs `body`; a thrown error becomes the thread's last error and status 1.
func reportingFailure(_ body: () throws -> Void) -> Int32 {
    do {
        try body()
        return 0
    } catch {
        LastError.set("\(error)")
        return 1
    }
}

/// The library's refusal of a request through the C interface.
struct CInterfaceError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
