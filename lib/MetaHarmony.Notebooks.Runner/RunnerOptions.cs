namespace MetaHarmony.Notebooks.Runner;

/// <summary>What the command line asked for.</summary>
/// <param name="Notebooks">Names, prefixes or paths; empty for all notebooks.</param>
/// <param name="Overrides">"Name=value" overrides for the parameters cells, in order.</param>
/// <param name="Results">The results folder, or null for the default.</param>
/// <param name="Png">Whether figures get a PNG beside the HTML.</param>
/// <param name="Help">Only print the usage.</param>
internal sealed record RunnerOptions(IReadOnlyList<string> Notebooks,
    IReadOnlyList<string> Overrides, string? Results, bool Png, bool Help)
{
    public const string Usage = """
        Runs the kit's notebooks headless, in order, and saves what they produce.

        usage: dotnet run --project lib/MetaHarmony.Notebooks.Runner -c Release --
                   [options] [NOTEBOOK...]

          NOTEBOOK          a notebook of notebooks/ by name or prefix ("01", "01-baseline"),
                            or a path to an .ipynb; default: every notebook, in name order
          --preset NAME     run at a preset, e.g. smoke (same as --set preset=NAME)
          --set NAME=VALUE  override a value of the parameters cell; repeatable
          --results DIR     where results go (default: results/ in the repository)
          --no-png          save figures as HTML only
          -h, --help        show this text

        Writes RESULTS/notebooks/NAME.ipynb (executed, with outputs), RESULTS/figures/NAME/ and
        RESULTS/tables/NAME/. Stops at the first failing cell with exit code 1.
        """;

    /// <summary>Parses the arguments; a mistake raises <see cref="ArgumentException"/>.</summary>
    public static RunnerOptions Parse(IReadOnlyList<string> args)
    {
        var notebooks = new List<string>();
        var overrides = new List<string>();
        string? results = null;
        bool png = true, help = false;
        for (int i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "-h" or "--help":
                    help = true;
                    break;
                case "--no-png":
                    png = false;
                    break;
                case "--preset":
                    overrides.Add("preset=" + Value(args, ref i));
                    break;
                case "--set":
                    string pair = Value(args, ref i);
                    overrides.Add(pair.Contains('=', StringComparison.Ordinal) ? pair
                        : throw new ArgumentException($"--set {pair}: expected NAME=VALUE."));
                    break;
                case "--results":
                    results = Value(args, ref i);
                    break;
                case var option when option.StartsWith('-'):
                    throw new ArgumentException($"Unknown option {option}; see --help.");
                default:
                    notebooks.Add(args[i]);
                    break;
            }
        }
        return new RunnerOptions(notebooks, overrides, results, png, help);
    }

    static string Value(IReadOnlyList<string> args, ref int i) =>
        ++i < args.Count ? args[i]
        : throw new ArgumentException($"{args[i - 1]} needs a value; see --help.");
}
