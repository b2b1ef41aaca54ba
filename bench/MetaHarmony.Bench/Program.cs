using MetaHarmony.Bench;

try
{
    if (args.Contains("--help") || args.Contains("-h"))
    {
        Console.WriteLine(BenchOptions.Usage);
        return 0;
    }
    return MetaStepBenchmark.Run(BenchOptions.Parse(args));
}
catch (ArgumentException error)
{
    Console.Error.WriteLine($"metaharmony-bench: {error.Message}");
    return 2;
}
