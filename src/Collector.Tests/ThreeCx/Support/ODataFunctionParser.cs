using System.Text;

namespace Collector.Tests.ThreeCx.Support;

/// <summary>
/// Reads a function call back out of a URL path as an OData server would: the segment after the entity set, the
/// name=value list with single-quoted strings ('' = '), percent-decoded. Used to prove URLs round-trip.
/// </summary>
static class ODataFunctionParser
{
    public static (string Function, List<(string Name, string Value, bool Quoted)> Parameters) Parse(string encodedSegment)
    {
        var open = encodedSegment.IndexOf('(');
        Assert.True(open > 0 && encodedSegment.EndsWith(')'), $"not a function call: {encodedSegment}");
        var function = encodedSegment[..open];
        var body = encodedSegment[(open + 1)..^1];
        var parameters = new List<(string, string, bool)>();
        var i = 0;
        while (i < body.Length)
        {
            var eq = body.IndexOf('=', i);
            var name = body[i..eq];
            i = eq + 1;
            if (body[i] == '\'')
            {
                var value = new StringBuilder();
                i++;
                while (true)
                {
                    if (body[i] == '\'' && i + 1 < body.Length && body[i + 1] == '\'') { value.Append('\''); i += 2; }
                    else if (body[i] == '\'') { i++; break; }
                    else value.Append(body[i++]);
                }

                parameters.Add((name, Uri.UnescapeDataString(value.ToString()), true));
            }
            else
            {
                var end = body.IndexOf(',', i);
                if (end < 0) end = body.Length;
                parameters.Add((name, Uri.UnescapeDataString(body[i..end]), false));
                i = end;
            }

            if (i < body.Length)
            {
                Assert.Equal(',', body[i]);
                i++;
            }
        }

        return (function, parameters);
    }
}
