namespace MetaHarmony.Cli;

/// <summary>
/// A command line that cannot be carried out as written: an unknown option, a value out of
/// range, a sweep index past the end. The message names the option and the value; the process
/// exits with code 2, as for parse errors.
/// </summary>
public sealed class CliUsageException : Exception
{
    /// <summary>Creates the exception with its message.</summary>
    public CliUsageException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public CliUsageException(string message, Exception inner) : base(message, inner)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public CliUsageException() : base("The command line cannot be carried out.")
    {
    }

    /// <summary>
    /// The message of <paramref name="error"/> without the " (Parameter 'x')" that .NET adds:
    /// on a command line the option is already named.
    /// </summary>
    public static string Plain(ArgumentException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        string message = error.Message;
        string parameter = $" (Parameter '{error.ParamName}')";
        return error.ParamName is not null
            && message.EndsWith(parameter, StringComparison.Ordinal)
            ? message[..^parameter.Length] : message;
    }
}
