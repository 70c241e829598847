// Row 1's first start-up floor (BENCHMARKS.md): a statically linked Swift program, linked as pacer
// is, that only prints a line. What the Swift runtime costs a process before any of its work.
print("start-up floor: the Swift runtime")
