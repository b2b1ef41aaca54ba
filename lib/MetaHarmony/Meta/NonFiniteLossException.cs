namespace MetaHarmony.Meta;

/// <summary>
/// Training diverged: the query loss of a meta-iteration was NaN or infinite. The update of
/// that iteration was not applied.
/// </summary>
public sealed class NonFiniteLossException : Exception
{
    /// <summary>Creates the exception for <paramref name="iteration"/>.</summary>
    public NonFiniteLossException(long iteration, double loss)
        : base($"The query loss at meta-iteration {iteration} (counted from 0, after "
            + $"{iteration} completed updates) is {loss}; training stopped before applying that "
            + "update. Lower MetaStepSize or InnerStepSize, or check the data's normalisation.")
    {
        Iteration = iteration;
        Loss = loss;
    }

    /// <summary>Creates the exception with a message of your own.</summary>
    public NonFiniteLossException() : base("The query loss is not finite.")
    {
    }

    /// <summary>Creates the exception with a message of your own.</summary>
    public NonFiniteLossException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public NonFiniteLossException(string message, Exception inner) : base(message, inner)
    {
    }

    /// <summary>The meta-iteration whose loss was not finite.</summary>
    public long Iteration { get; }

    /// <summary>The loss value.</summary>
    public double Loss { get; }
}
