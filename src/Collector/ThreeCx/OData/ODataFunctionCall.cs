using System.Text;

namespace Collector.ThreeCx.OData;

/// <summary>
/// Builds a bound-function path such as
/// <c>ReportCallLogData/Pbx.GetCallLogData(periodFrom=…,periodTo=…,…)</c>. Parameters are emitted in the order
/// they are added, which must be the order of the PBX's <c>$metadata</c> (some PBXs 404 otherwise).
/// </summary>
internal sealed class ODataFunctionCall
{
    readonly string _entitySet;
    readonly string _function;
    readonly List<(string Name, ODataLiteral Value)> _parameters = [];

    public ODataFunctionCall(string entitySet, string function)
    {
        _entitySet = entitySet;
        _function = function;
    }

    public ODataFunctionCall With(string name, ODataLiteral value)
    {
        if (name.Length == 0 || !name.All(char.IsAsciiLetterOrDigit))
            throw new ArgumentException($"'{name}' is not a valid parameter name.", nameof(name));
        _parameters.Add((name, value));
        return this;
    }

    /// <summary>The path relative to <c>/xapi/v1/</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(_entitySet).Append('/').Append(_function).Append('(');
        for (var i = 0; i < _parameters.Count; i++)
        {
            if (i > 0) text.Append(',');
            text.Append(_parameters[i].Name).Append('=').Append(_parameters[i].Value.Text);
        }

        return text.Append(')').ToString();
    }
}
