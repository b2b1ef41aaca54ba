namespace MetaHarmony.Reporting;

/// <summary>An N-way K-shot task setting: the columns of a results table.</summary>
/// <param name="Ways">N: classes per episode.</param>
/// <param name="Shots">K: support examples per class.</param>
public readonly record struct TaskShape(int Ways, int Shots) : IComparable<TaskShape>
{
    /// <summary>"5-way 1-shot".</summary>
    public string Label => $"{Ways}-way {Shots}-shot";

    /// <summary>Orders by ways, then shots.</summary>
    public int CompareTo(TaskShape other) =>
        Ways != other.Ways ? Ways.CompareTo(other.Ways) : Shots.CompareTo(other.Shots);

    /// <inheritdoc cref="Label"/>
    public override string ToString() => Label;
}
