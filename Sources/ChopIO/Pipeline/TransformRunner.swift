import ChopFormats

/// Runs a transform from `input` to `output`: text to text keeps the layout; otherwise
/// elements stream from a reader to a writer in chunks.
///
/// Every check that can refuse the job (file kinds, whether the results fit the output's
/// type) happens before the output is created; any later error abandons the output, so the
/// destination is untouched.
///
/// - Parameter outputStorage: the floating-point type of `.npy` values (default: the input's).
/// - Returns: the summary, with what the transform gathered.
func runTransform<Transform: ChunkTransform>(
    input: String, output: String?, transform: Transform, outputStorage: ElementStorage? = nil, chunkElements: Int,
    progress: ((Int, Int) -> Void)?
) throws(ChopIOError) -> JobSummary {
    let reader = try openReader(input, codes: transform.readsCodes, isBoundary: transform.isBoundary)
    let target = try OutputTarget(output, input: input)
    var summary = JobSummary(count: reader.count, shape: reader.shape)
    let valueCheck = transform.valueCheck
    let chunkElements = transform.needsWholeArray ? max(1, reader.count) : chunkElements
    var transform = transform

    if let text = reader as? TextElementReader, target.isText {
        try transform.begin(shape: reader.shape, isFortranOrder: false, output: target)
        let sink = try makeSink(target)
        var rewriter = TextRewriter(
            cells: text.cells, sink: sink, transform: transform, chunkSize: chunkElements, total: reader.count,
            progress: progress)
        var sidecars: [AtomicOutput] = []
        do throws(ChopIOError) {
            try rewriter.run(text.file, beforeFinishing: { transform throws(ChopIOError) in
                sidecars = try transform.sidecars()
            })
            for sidecar in sidecars { try sidecar.commit() }
        } catch {
            sink.abandon()
            for sidecar in sidecars { sidecar.abandon() }
            throw error
        }
        rewriter.finalTransform.complete(&summary)
        return summary
    }

    let plan = try WriterPlan(
        target: target, reader: reader, transform: transform, outputStorage: outputStorage)
    try transform.begin(shape: reader.shape, isFortranOrder: reader.isFortranOrder, output: target)
    // Values checked one by one: those of a narrower binary type than the results have.
    var narrowOutput: FloatFormat?
    if case .eachValue = valueCheck, !transform.writesCodes, let stored = plan.storage?.format, stored != .binary64 {
        narrowOutput = stored
    }
    let writer = try plan.makeWriter(reader: reader)
    var chunk = ElementChunk()
    var done = 0
    var sidecars: [AtomicOutput] = []
    do throws(ChopIOError) {
        while done < reader.count {
            try reader.read(into: &chunk, limit: chunkElements, codes: transform.readsCodes)
            let n = chunk.count
            guard n > 0 else { throw .badData(input, "the file ended early (it changed while being read?)") }
            try transform.apply(&chunk, firstIndex: done)
            if let narrowOutput {
                try ValueCheck.checkStorable(chunk.values, in: narrowOutput, what: valueCheck.name, firstIndex: done)
            }
            if transform.writesCodes {
                try chunk.codes.withBuffer { codes throws(ChopIOError) in try writer.write(codes: codes) }
            } else {
                try chunk.values.withBuffer { values throws(ChopIOError) in try writer.write(values: values) }
            }
            done += n
            progress?(done, reader.count)
        }
        sidecars = try transform.sidecars()
        try writer.finish()
        for sidecar in sidecars { try sidecar.commit() }
    } catch {
        writer.abandon()
        for sidecar in sidecars { sidecar.abandon() }
        throw error
    }
    transform.complete(&summary)
    return summary
}

private func makeSink(_ target: OutputTarget) throws(ChopIOError) -> ByteSink {
    switch target {
    case .standardOutput: StandardOutput()
    case .file(let path, _): try AtomicOutput(destination: path)
    }
}

/// The writer a job needs, decided (and checked) before anything is created.
private struct WriterPlan {
    let target: OutputTarget
    let storage: ElementStorage?
    let delimiter: TextDelimiter
    let codeBitWidth: Int

    init<Transform: ChunkTransform>(
        target: OutputTarget, reader: ElementReader, transform: Transform, outputStorage: ElementStorage?
    ) throws(ChopIOError) {
        let valueCheck = transform.valueCheck
        self.target = target
        codeBitWidth = transform.codeBitWidth
        switch target {
        case .standardOutput:
            storage = nil
            delimiter = .comma
        case .file(let path, .text(let textDelimiter)):
            _ = path
            storage = nil
            delimiter = textDelimiter ?? .whitespace
        case .file(_, .npy):
            delimiter = .comma
            if transform.writesCodes {
                storage = .codes(bitWidth: transform.codeBitWidth)
            } else if let outputStorage {
                storage = outputStorage
            } else if let input = reader.storage, !input.holdsCodes {
                storage = input
            } else {
                storage = ElementStorage(.float64)
            }
        case .file(let path, .raw(let raw)):
            delimiter = .comma
            if transform.writesCodes {
                guard raw.holdsCodes, raw.byteCount * 8 >= transform.codeBitWidth else {
                    throw .usage(
                        "\(path): codes of \(valueCheck.name) need an unsigned integer file of at least "
                            + "\(transform.codeBitWidth) bits (.u8, .u16, .u32, .u64) or .npy")
                }
            } else if raw.holdsCodes {
                throw .usage(.valuesInCodeFile(path: path))
            }
            storage = raw
        }
        if let storage, case .format(let format) = valueCheck, !transform.writesCodes { try storage.checkHolds(format) }
    }

    func makeWriter(reader: ElementReader) throws(ChopIOError) -> ElementWriter {
        let sink = try makeSink(target)
        if let storage {
            let isNPY: Bool
            if case .file(_, .npy) = target { isNPY = true } else { isNPY = false }
            let header = isNPY
                ? NPYHeader(storage: storage, isFortranOrder: reader.isFortranOrder, shape: reader.shape) : nil
            do {
                return try BinaryElementWriter(sink: sink, storage: storage, npyHeader: header)
            } catch {
                sink.abandon()
                throw error
            }
        }
        return TextElementWriter(
            sink: sink, delimiter: delimiter, shape: reader.shape, isFortranOrder: reader.isFortranOrder,
            codeBitWidth: codeBitWidth)
    }
}
