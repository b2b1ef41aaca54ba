using Microsoft.FSharp.Core;
using Plotly.NET;
using Plotly.NET.CSharp;

namespace MetaHarmony.Reporting;

/// <summary>
/// The few Plotly.NET styling calls the figures need, wrapped once: the F# API's optional
/// arguments must all be spelled out from C#.
/// </summary>
internal static class ChartStyle
{
    /// <summary>Plotly's default colours, so that a run keeps its colour across panels.</summary>
    static readonly string[] Palette =
    [
        "#636efa", "#ef553b", "#00cc96", "#ab63fa", "#ffa15a",
        "#19d3f3", "#ff6692", "#b6e880", "#ff97ff", "#fecb52",
    ];

    public static Color ColorAt(int index) => Color.fromHex(Palette[index % Palette.Length]);

    public static GenericChart Titled(this GenericChart chart, string title) =>
        Plotly.NET.Chart.withTitle(title, null).Invoke(chart);

    public static GenericChart Sized(this GenericChart chart, int width, int height) =>
        chart.WithSize(Width: width, Height: height);

    public static GenericChart Axes(this GenericChart chart, string x, string y) =>
        chart.WithXAxisStyle<double, double, string>(TitleText: x)
            .WithYAxisStyle<double, double, string>(TitleText: y);

    /// <summary>Symmetric error bars of the given half-widths on the chart's trace.</summary>
    public static GenericChart WithYErrors(this GenericChart chart,
        IEnumerable<double> halfWidths) =>
        Plotly.NET.Chart.withYErrorStyle<double, double>(
            Visible: Some(true), Type: Some(StyleParam.ErrorType.Data), Symmetric: Some(true),
            Array: Some(halfWidths), Arrayminus: null, Value: null, Valueminus: null,
            Traceref: null, Tracerefminus: null, Copy_ystyle: null, Color: null,
            Thickness: null, Width: null).Invoke(chart);

    /// <summary>Sets a top-level layout attribute that the typed API does not reach.</summary>
    public static GenericChart WithLayoutValue(this GenericChart chart, string name, object value)
    {
        var layout = GenericChart.getLayout(chart);
        layout.SetProperty(name, value);
        return GenericChart.setLayout(layout, chart);
    }

    static FSharpOption<T> Some<T>(T value) => FSharpOption<T>.Some(value);

    /// <summary>
    /// Wraps a sequence for Plotly.NET.CSharp, whose implicit conversion C# cannot apply to
    /// an interface type.
    /// </summary>
    public static Optional<IEnumerable<T>> Values<T>(IEnumerable<T> values) => new(values, true);
}
