import Foundation

/// The monotonic clock, in nanoseconds.
func monotonicNanoseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
}

/// The value at `fraction` (0…1) of the sorted values, nearest rank.
func percentile(_ values: [Double], _ fraction: Double) -> Double {
    precondition(!values.isEmpty, "no samples")
    let sorted = values.sorted()
    let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
    return sorted[min(max(rank, 0), sorted.count - 1)]
}

func median(_ values: [Double]) -> Double { percentile(values, 0.5) }

/// The median of `runs` timings of `body`, in nanoseconds per operation.
func medianNanoseconds(runs: Int, operations: Int, _ body: () -> Void) -> Double {
    var samples: [Double] = []
    for _ in 0..<runs {
        let start = monotonicNanoseconds()
        body()
        samples.append(Double(monotonicNanoseconds() - start) / Double(operations))
    }
    return median(samples)
}

/// The wall times of `work` on each of `inputs`, `runs` each, in nanoseconds. The inputs take
/// turns, one run each per round, so that a ratio between their medians compares samples drawn
/// from the same stretch of time on a machine whose speed drifts.
func interleavedSamples<Input>(_ inputs: [Input], runs: Int, _ work: (Input) -> Void) -> [[Double]] {
    var samples = inputs.map { _ in [Double]() }
    for _ in 0..<runs {
        for (position, input) in inputs.enumerated() {
            let start = monotonicNanoseconds()
            work(input)
            samples[position].append(Double(monotonicNanoseconds() - start))
        }
    }
    return samples
}

/// The median of the rounds' own ratios `numerator[k] / denominator[k]`, for two sample lists of
/// ``interleavedSamples(_:runs:_:)``: each ratio compares two runs made back to back, so the
/// machine's drift between rounds cancels out of it.
func medianRatio(_ numerator: [Double], _ denominator: [Double]) -> Double {
    median(zip(numerator, denominator).map { $0 / $1 })
}

/// "1.2 ms" for nanoseconds, with one decimal below 100 ms.
func milliseconds(_ nanoseconds: Double) -> String {
    let ms = nanoseconds / 1e6
    return ms < 100 ? String(format: "%.1f ms", ms) : String(format: "%.0f ms", ms)
}
