using System.Text;
using Plotly.NET;

namespace MetaHarmony.Notebooks;

/// <summary>
/// Plotly charts as notebook output that needs no network: plotly.js travels inside the output
/// itself. Embedding it (3.6 MB) in every chart would bloat saved notebooks, so by default only
/// the first chart after <see cref="NotebookKit.Start"/> carries it, and later charts wait for
/// it; set <see cref="EveryChart"/> to embed it in each.
/// </summary>
public static class NotebookPlotly
{
    static readonly Lazy<string> Source = new(ReadPlotlySource);
    static int delivered;

    /// <summary>Embed plotly.js in every chart's output, not only the first.</summary>
    public static bool EveryChart { get; set; }

    /// <summary>Makes the next chart carry plotly.js again (a new session or notebook).</summary>
    public static void Reset() => Interlocked.Exchange(ref delivered, 0);

    /// <summary>The chart as an HTML fragment: a div, and a script that draws into it.</summary>
    public static string ToHtml(GenericChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        string id = "metaharmony-" + Guid.NewGuid().ToString("N");
        bool embed = EveryChart || Interlocked.Exchange(ref delivered, 1) == 0;
        var html = new StringBuilder();
        if (embed)
        {
            // Hosts that load require.js (Jupyter) would make plotly.js register as an AMD
            // module instead of window.Plotly; hide `define` while it loads.
            html.Append("<script type=\"text/javascript\">(function(){var d=window.define;")
                .Append("window.define=undefined;try{\n").Append(Source.Value)
                .Append("\n}finally{window.define=d;}})();</script>");
        }

        string figure = GenericChart.toFigureJson(chart);
        html.Append($"<div id=\"{id}\"></div><script type=\"text/javascript\">(function(){{")
            .Append($"var f={figure};var id='{id}';var n=0;")
            .Append("function draw(){window.Plotly.newPlot(id,f.data,f.layout,")
            .Append("Object.assign({responsive:true},f.config||{}));}")
            .Append("if(window.Plotly){draw();return;}")
            .Append("var t=setInterval(function(){if(window.Plotly){clearInterval(t);draw();}")
            .Append("else if(++n>100){clearInterval(t);document.getElementById(id).textContent=")
            .Append("'plotly.js is not loaded: run the notebook from its first cell, or set ")
            .Append("NotebookPlotly.EveryChart = true.';}},100);})();</script>");
        return html.ToString();
    }

    static string ReadPlotlySource()
    {
        var assembly = typeof(GenericChart).Assembly;
        string resource = assembly.GetManifestResourceNames()
            .Single(n => n.EndsWith(".min.js", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);

        // A "</script>" inside the source would end the inline script early.
        return reader.ReadToEnd().Replace("</script", "<\\/script", StringComparison.Ordinal);
    }
}
