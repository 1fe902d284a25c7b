import ChopFormats
import ChopIO
import ChopTestSupport
import Testing

/// Text tables in memory: layout kept byte for byte, numbers rounded exactly once.
@Suite("Text tables")
struct TextTests {
    static func round(
        _ text: String, _ format: FloatFormat, _ mode: RoundingMode = .toNearestOrEven, codes: Bool = false,
        delimiter: TextDelimiter? = nil
    ) throws -> String {
        let rounder = try FloatRounder(format: format, mode: mode)
        let result = try TextNumbers.round(Array(text.utf8), with: rounder, writesCodes: codes, delimiter: delimiter)
        return String(decoding: result, as: UTF8.self)
    }

    @Test("header, comments, text columns, quotes, spacing and CRLF are kept; numbers are rounded")
    func layoutKept() throws {
        // e4m3fn: 0.1 → 0.1015625 (12.8 steps of 2^-7 → 13), 300 → 288 (an integer stays an
        // integer), 464 → 448 (tie to even), 1e-3 → 0.001953125 (0.512 of the least subnormal
        // rounds up to it), "-0" stays -0, 1000 overflows to NaN.
        let input = """
            # weights of layer 1
            name, "a, quoted", x ,y
            alpha,"x""y", 0.1 , 300
            beta,  "plain"  ,464,1e-3 # trailing comment
            \r
            gamma,,-0,1000\r

            """
        let expected = """
            # weights of layer 1
            name, "a, quoted", x ,y
            alpha,"x""y", 0.1015625 , 288
            beta,  "plain"  ,448,0.001953125 # trailing comment
            \r
            gamma,,-0,nan\r

            """
        #expect(try Self.round(input, .e4m3fn) == expected)
    }

    @Test("tabs and runs of spaces; the delimiter is told by the first line that is not a comment")
    func delimiters() throws {
        #expect(try Self.round("# a\tb\n1.1\t2.2\n3.3\t  4.4\n", .e5m2) == "# a\tb\n1.0\t2.0\n3.5\t  4.0\n")
        #expect(try Self.round("  1.1   2.2\n\t3.3 4.4  \n", .e5m2) == "  1.0   2.0\n\t3.5 4.0  \n")
        #expect(try Self.round("1.1 2.2,3\n", .e5m2, delimiter: .whitespace) == "1.0 2.2,3\n")
        #expect(try Self.round("1.1;2.2\n", .e5m2, delimiter: .comma) == "1.1;2.2\n")  // one text column
    }

    @Test("every token kind: integers, decimals, exponents, hex floats, inf and nan")
    func tokens() throws {
        let input = "17,-2.5,.5e1,1E-2,0x1.8p3,0X1P-2,inf,-Infinity,+INF,NaN,-nan,+3.,1e400\n"
        // 17 is a tie between 16 and 18 (to even: 16); 0.01 is 5.12 steps of the subnormal 2^-9.
        let expected = "16,-2.5,5.0,0.009765625,12.0,0.25,nan,nan,nan,nan,nan,3.0,nan\n"
        #expect(try Self.round(input, .e4m3fn) == expected)
        let binary16 = "17,-2.5,.5e1,1E-2,0x1.8p3,0X1P-2,inf,-Infinity,+INF,NaN,-nan,+3.,1e400\n"
        #expect(try Self.round(binary16, .binary16, .towardZero)
            == "17,-2.5,5.0,\(FloatFormat.binary16.round(0.01, .towardZero)),12.0,0.25,inf,-inf,inf,nan,nan,3.0,65504.0\n")
    }

    @Test("decimals are rounded exactly, not through their nearest double")
    func exactDecimals() throws {
        // 1.00390625 is halfway between bfloat16's 1 and 1.0078125; a decimal just above it
        // has that midpoint as its nearest double.
        #expect(try Self.round("1.00390625\n", .bfloat16) == "1.0\n")
        #expect(try Self.round("1.003906250000000000000000001\n", .bfloat16) == "1.0078125\n")
        #expect(try Self.round("-1.003906250000000000000000001\n", .bfloat16) == "-1.0078125\n")
        #expect(try Self.round("1.003906249999999999999999999\n", .bfloat16, .toNearestOrAwayFromZero) == "1.0\n")
        // binary64 itself: the decimal 0.1 lies below the double 0.1, and 0.3 above 0.3.
        #expect(try Self.round("0.1\n", .binary64, .towardZero) == "\(0.1.nextDown)\n")
        #expect(try Self.round("0.1\n", .binary64, .up) == "0.1\n")
        #expect(try Self.round("0.3\n", .binary64, .down) == "0.3\n")
        #expect(try Self.round("0.3\n", .binary64, .up) == "\(0.3.nextUp)\n")
        // A 20-digit integer between two doubles.
        #expect(try Self.round("123456789012345678901\n", .binary64, .towardZero) == "1.2345678901234567e+20\n")
        // Beyond binary64: a finite number that overflows (toward zero gives the maximum).
        #expect(try Self.round("1e5000\n", .binary16, .towardZero) == "65504.0\n")
        #expect(try Self.round("-1e5000\n", .binary16, .up) == "-65504.0\n")
        #expect(try Self.round("1e-5000\n", .binary16, .up) == "\(0x1p-24)\n")
        #expect(try Self.round("-1e-5000\n", .binary16) == "-0.0\n")
    }

    @Test("the first record is a header when it has text in a column of numbers")
    func headers() throws {
        #expect(try Self.round("x,y\n1.1,2.2\n", .e5m2) == "x,y\n1.0,2.0\n")
        #expect(try Self.round("1.1,2.2\n3.3,4.4\n", .e5m2) == "1.0,2.0\n3.5,4.0\n")
        #expect(try Self.round("2021,label\n1.1,b\n", .e5m2) == "2048,label\n1.0,b\n")
        #expect(try Self.round("id,2021\n7,1.1\n", .e5m2) == "id,2021\n7,1.0\n")  // "id" makes row 1 a header
        #expect(try Self.round("just,some,words\n", .e5m2) == "just,some,words\n")
        #expect(try Self.round("", .e5m2) == "")
        #expect(try Self.round("\n\n# nothing\n", .e5m2) == "\n\n# nothing\n")
    }

    @Test("ragged rows and empty cells are kept; the shape is then a vector")
    func ragged() throws {
        // 5.5 is a tie between E5M2's 5 and 6: to the even significand, 6.
        #expect(try Self.round("1.1\n2.2,3.3,4.4\n,5.5\n", .e5m2) == "1.0\n2.0,3.5,4.0\n,6.0\n")
        let (values, shape) = try TextNumbers.values(in: Array("1.1\n2.2,3.3,4.4\n,5.5\n".utf8))
        #expect(values == [1.1, 2.2, 3.3, 4.4, 5.5] && shape == [5])
        let matrix = try TextNumbers.values(in: Array("a,b,c\n1,2,3\n4,5,6\n".utf8))
        #expect(matrix.shape == [2, 3] && matrix.values == [1, 2, 3, 4, 5, 6])
        #expect(try TextNumbers.values(in: Array("1\n2\n3\n".utf8)).shape == [3])
        #expect(try TextNumbers.values(in: Array("1 2 3\n".utf8)).shape == [3])
    }

    @Test("text in a column of numbers is an error naming the line and column")
    func notANumber() throws {
        do {
            _ = try Self.round("x,y\n1,2\n3,oops\n", .e5m2)
            Issue.record("accepted")
        } catch let error as ChopIOError {
            #expect(error.kind == .badData)
            #expect(error.message == "text:3:2: 'oops' is not a number, but column 2 holds numbers", "\(error.message)")
        }
        let long = String(repeating: "9", count: 5000)
        do {
            _ = try Self.round("1,2\n3,\(long)\n", .e5m2)
            Issue.record("accepted")
        } catch let error as ChopIOError {
            #expect(error.message.contains("text:2:2") && error.message.contains("over 1024 bytes"), "\(error.message)")
        }
    }

    @Test("codes: hexadecimal, padded to the format's width; NaN has none in FP4")
    func codes() throws {
        #expect(try Self.round("name,x\na,448\nb,-0.5\n", .e4m3fn, codes: true) == "name,x\na,0x7e\nb,0xb0\n")
        #expect(try Self.round("1,-1\n", .binary16, codes: true) == "0x3c00,0xbc00\n")
        #expect(try Self.round("6,0.5\n", .e2m1, codes: true) == "0x7,0x1\n")
        do {
            _ = try Self.round("1,nan\n", .e2m1, codes: true)
            Issue.record("NaN encoded in FP4")
        } catch let error as ChopIOError {
            #expect(error.message.hasPrefix("element 1: nan has no encoding in e2m1"), "\(error.message)")
        }
    }

    @Test("long cells, long whitespace and binary garbage never fail as text")
    func robustness() throws {
        let longText = String(repeating: "x", count: 100_000)
        // The long first cell is text in a column of numbers: the first row is a header, kept.
        #expect(try Self.round("\(longText),1.1\n2,3.3\n", .e5m2) == "\(longText),1.1\n2,3.5\n")
        let spaces = String(repeating: " ", count: 50_000)
        #expect(try Self.round("1.1,\(spaces)2.2\n", .e5m2) == "1.0,\(spaces)2.0\n")
        #expect(try Self.round("\"unterminated, 1.1\n2.2\n", .e5m2) == "\"unterminated, 1.1\n2.2\n")
        var generator = Xoshiro256(seed: 1)
        for _ in 0..<200 {
            let bytes = (0..<Int.random(in: 0..<600, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let rounder = try FloatRounder(format: .bfloat16)
            if let rounded = try? TextNumbers.round(bytes, with: rounder) {
                #expect(rounded.filter { $0 == 10 }.count == bytes.filter { $0 == 10 }.count)
            }
        }
    }
}
