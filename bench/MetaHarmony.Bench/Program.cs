using MetaHarmony.Bench;

try
{
    if (args.Contains("--help") || args.Contains("-h"))
    {
        Console.WriteLine(BenchOptions.Usage);
        return 0;
    }
    var options = BenchOptions.Parse(args);
    return options.Verify ? GradientCheck.Run(options)
        : options.Datasets ? DatasetBenchmark.Run(options)
        : MetaStepBenchmark.Run(options);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine($"metaharmony-bench: {error.Message}");
    return 2;
}
