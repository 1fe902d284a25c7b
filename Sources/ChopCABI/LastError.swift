#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A C string per thread that the library owns: each thread's value is a `strdup`ed string,
/// freed when the thread ends or the next value replaces it.
struct ThreadLocalString: @unchecked Sendable {
    private let key: pthread_key_t

    init() {
        var key = pthread_key_t()
        pthread_key_create(&key) { free($0) }
        self.key = key
    }

    /// Replaces the calling thread's string and returns it.
    @discardableResult
    func set(_ text: String) -> UnsafePointer<CChar> {
        free(pthread_getspecific(key))
        let copy = strdup(text)!
        pthread_setspecific(key, copy)
        return UnsafePointer(copy)
    }

    /// The calling thread's string, or "" when it has none.
    var current: UnsafePointer<CChar> {
        if let text = pthread_getspecific(key) { return UnsafePointer(text.assumingMemoryBound(to: CChar.self)) }
        // A string literal is stored null-terminated for the life of the program.
        let empty: StaticString = ""
        return UnsafeRawPointer(empty.utf8Start).assumingMemoryBound(to: CChar.self)
    }
}

/// The calling thread's message for its last failure.
enum LastError {
    private static let text = ThreadLocalString()
    static func set(_ message: String) { text.set(message) }
    static var current: UnsafePointer<CChar> { text.current }
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
