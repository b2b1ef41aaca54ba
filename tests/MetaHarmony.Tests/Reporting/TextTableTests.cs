using Deedle;
using MetaHarmony.Reporting;

namespace MetaHarmony.Tests.Reporting;

public sealed class TextTableTests
{
    static Frame<string, string> Frame() => Deedle.Frame.FromColumns(
    [
        new KeyValuePair<string, Series<string, double>>("accuracy",
            new Series<string, double>(["a|b", "c"], [0.5, double.NaN])),
        new KeyValuePair<string, Series<string, double>>("<loss>",
            new Series<string, double>(["a|b", "c"], [1.25, 2])),
    ]);

    [Fact]
    public void ReadsRowKeysColumnsAndMissingValues()
    {
        var table = TextTable.FromFrame(Frame(), "run");

        Assert.Equal(["run", "accuracy", "<loss>"], table.Header);
        Assert.Equal(["a|b", "0.5", "1.25"], table.Rows[0]);
        Assert.Equal(["c", "", "2"], table.Rows[1]);
    }

    [Fact]
    public void WritesMarkdownWithEscapedPipes()
    {
        string markdown = TextTable.FromFrame(Frame(), "run").ToMarkdown();

        Assert.Equal(
            "| run | accuracy | <loss> |\n| --- | --- | --- |\n| a\\|b | 0.5 | 1.25 |\n"
            + "| c |  | 2 |\n", markdown);
    }

    [Fact]
    public void WritesEncodedHtml()
    {
        string html = TextTable.FromFrame(Frame(), "run").ToHtml();

        Assert.Contains("<th>&lt;loss&gt;</th>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th>c</th><td></td><td>2</td></tr>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
    }
}
