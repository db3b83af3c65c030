using System.Globalization;

namespace Collector.Tests.Grafana.Alerting.Evaluation;

/// <summary>
/// Grafana's math expression over the numbers of earlier steps: <c>$A</c> / <c>${A}</c> references, numbers,
/// <c>|| &amp;&amp; == != &lt; &lt;= &gt; &gt;= + - * / %</c>, unary <c>! -</c> and parentheses, with Grafana's precedence.
/// Two referenced sets combine series by series: equal label sets match, or else one whose labels are a subset of
/// the other's (the result keeps the larger set); series without a partner drop out. Comparisons and logic give 1 or 0.
/// </summary>
public sealed class MathExpression
{
    readonly string _text;
    int _position;

    MathExpression(string text) => _text = text;

    public static IReadOnlyList<LabeledNumber> Evaluate(string expression, IReadOnlyDictionary<string, IReadOnlyList<LabeledNumber>> steps)
    {
        var parser = new MathExpression(expression);
        var node = parser.Or();
        parser.SkipSpaces();
        if (parser._position != expression.Length) throw new FormatException($"Unexpected '{expression[parser._position..]}' in math expression '{expression}'.");
        return node(steps) switch
        {
            Scalar s => [new LabeledNumber(Labels.Empty, s.Value)],
            NumberSet set => set.Items,
            _ => throw new InvalidOperationException(),
        };
    }

    abstract record Value;
    sealed record Scalar(double Value) : Value;
    sealed record NumberSet(IReadOnlyList<LabeledNumber> Items) : Value;

    delegate Value Node(IReadOnlyDictionary<string, IReadOnlyList<LabeledNumber>> steps);

    Node Or() => Binary(And, ["||"]);
    Node And() => Binary(Equality, ["&&"]);
    Node Equality() => Binary(Comparison, ["==", "!="]);
    Node Comparison() => Binary(Additive, ["<=", ">=", "<", ">"]);
    Node Additive() => Binary(Multiplicative, ["+", "-"]);
    Node Multiplicative() => Binary(Unary, ["*", "/", "%"]);

    Node Binary(Func<Node> next, string[] operators)
    {
        var left = next();
        while (Accept(operators) is { } op)
        {
            var l = left;
            var r = next();
            left = steps => Combine(l(steps), r(steps), (a, b) => Apply(op, a, b));
        }
        return left;
    }

    Node Unary()
    {
        if (Accept(["!"]) is not null) { var inner = Unary(); return steps => Map(inner(steps), v => v == 0 ? 1 : 0); }
        if (Accept(["-"]) is not null) { var inner = Unary(); return steps => Map(inner(steps), v => -v); }
        return Primary();
    }

    Node Primary()
    {
        SkipSpaces();
        if (Accept(["("]) is not null)
        {
            var inner = Or();
            if (Accept([")"]) is null) throw new FormatException($"Missing ')' in math expression '{_text}'.");
            return inner;
        }
        if (Accept(["$"]) is not null)
        {
            var braced = Accept(["{"]) is not null;
            var start = _position;
            while (_position < _text.Length && (char.IsLetterOrDigit(_text[_position]) || _text[_position] == '_')) _position++;
            var name = _text[start.._position];
            if (braced && Accept(["}"]) is null) throw new FormatException($"Missing '}}' in math expression '{_text}'.");
            return steps => steps.TryGetValue(name, out var items) ? new NumberSet(items)
                : throw new KeyNotFoundException($"Math expression '{_text}' refers to ${name}, which is not an earlier step.");
        }
        var numberStart = _position;
        while (_position < _text.Length && (char.IsDigit(_text[_position]) || _text[_position] == '.')) _position++;
        if (numberStart == _position) throw new FormatException($"Expected a number, $reference or '(' at {numberStart} in '{_text}'.");
        var number = double.Parse(_text[numberStart.._position], CultureInfo.InvariantCulture);
        return _ => new Scalar(number);
    }

    string? Accept(string[] tokens)
    {
        SkipSpaces();
        foreach (var token in tokens)
        {
            if (string.CompareOrdinal(_text, _position, token, 0, token.Length) != 0) continue;
            // '<' must not eat the start of '<=', nor '!' the start of '!='.
            if (token is "<" or ">" or "!" && _position + 1 < _text.Length && _text[_position + 1] == '=') continue;
            _position += token.Length;
            return token;
        }
        return null;
    }

    void SkipSpaces()
    {
        while (_position < _text.Length && char.IsWhiteSpace(_text[_position])) _position++;
    }

    static double Apply(string op, double a, double b) => op switch
    {
        "||" => a != 0 || b != 0 ? 1 : 0,
        "&&" => a != 0 && b != 0 ? 1 : 0,
        "==" => a == b ? 1 : 0,
        "!=" => a != b ? 1 : 0,
        "<" => a < b ? 1 : 0,
        "<=" => a <= b ? 1 : 0,
        ">" => a > b ? 1 : 0,
        ">=" => a >= b ? 1 : 0,
        "+" => a + b,
        "-" => a - b,
        "*" => a * b,
        "/" => a / b,
        "%" => a % b,
        _ => throw new NotSupportedException(op),
    };

    static Value Map(Value value, Func<double, double> f) => value switch
    {
        Scalar s => new Scalar(f(s.Value)),
        NumberSet set => new NumberSet(set.Items.Select(n => n with { Value = f(n.Value) }).ToList()),
        _ => throw new InvalidOperationException(),
    };

    static Value Combine(Value left, Value right, Func<double, double, double> f) => (left, right) switch
    {
        (Scalar a, Scalar b) => new Scalar(f(a.Value, b.Value)),
        (NumberSet a, Scalar b) => Map(a, v => f(v, b.Value)),
        (Scalar a, NumberSet b) => Map(b, v => f(a.Value, v)),
        (NumberSet a, NumberSet b) => new NumberSet(Join(a.Items, b.Items, f)),
        _ => throw new InvalidOperationException(),
    };

    static List<LabeledNumber> Join(IReadOnlyList<LabeledNumber> left, IReadOnlyList<LabeledNumber> right, Func<double, double, double> f)
    {
        var result = new List<LabeledNumber>();
        foreach (var a in left)
        {
            var partner = right.FirstOrDefault(b => b.Labels.Equals(a.Labels))
                ?? right.FirstOrDefault(b => b.Labels.IsSubsetOf(a.Labels) || a.Labels.IsSubsetOf(b.Labels));
            if (partner is null) continue;
            var labels = partner.Labels.Pairs.Count > a.Labels.Pairs.Count ? partner.Labels : a.Labels;
            result.Add(new LabeledNumber(labels, f(a.Value, partner.Value)));
        }
        return result;
    }
}
