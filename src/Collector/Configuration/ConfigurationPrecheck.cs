using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace Collector.Configuration;

/// <summary>
/// Reads the configuration against the option classes before they are bound, so every mistake a user can make in a
/// file or a variable ends in one line that names the key: an unknown key (with the closest known one), a list
/// without positions, a value of the wrong kind (a bare number for a duration, a word for a number, an enum by
/// number, a URL that is not http(s) or carries a password), or a value outside the property's <see cref="RangeAttribute"/>.
/// The option classes are the only list of keys: this walks their public settable properties. Rules that involve two
/// keys are the classes' own (<see cref="IValidatableObject"/>), checked when the options are validated.
/// </summary>
internal static partial class ConfigurationPrecheck
{
    public static void Check(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        MisspeltSections.Reject(configuration);
        foreach (var (path, type) in CollectorOptions.Sections)
            CheckNode(configuration.GetSection(path), type);
    }

    internal static void CheckNode(IConfigurationSection section, Type type)
    {
        if (ListItemType(type) is { } item)
        {
            if (section.Value is not null)
                throw new ConfigurationException(section.Path, $"must be a list ({section.Path}:0, {section.Path}:1, …), not a single value.");
            foreach (var child in section.GetChildren())
            {
                if (!int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                    throw new ConfigurationException(child.Path, $"is not a list position; number the entries from 0 ({section.Path}:0:…, {section.Path}:1:…).");
                CheckEntry(child, item, null);
            }
            return;
        }
        if (DictionaryValueType(type) is { } value)
        {
            foreach (var child in section.GetChildren())
                CheckEntry(child, value, null);
            return;
        }
        if (section.Value is not null)
            throw new ConfigurationException(section.Path, $"must be a section ({section.Path}:Key=value), not a single value.");
        var properties = Settable(type);
        foreach (var child in section.GetChildren())
        {
            var property = properties.FirstOrDefault(p => string.Equals(p.Name, child.Key, StringComparison.OrdinalIgnoreCase))
                ?? throw Unknown(section, child, properties);
            CheckEntry(child, property.PropertyType, property);
        }
    }

    static void CheckEntry(IConfigurationSection entry, Type type, PropertyInfo? property)
    {
        var scalar = Nullable.GetUnderlyingType(type) ?? type;
        if (!IsScalar(scalar))
        {
            CheckNode(entry, scalar);
            return;
        }
        if (entry.GetChildren().Any())
            throw new ConfigurationException(entry.Path, "is a single value, not a section.");
        if (entry.Value is { } text)
            CheckValue(entry.Path, text, scalar, property);
    }

    static void CheckValue(string key, string text, Type type, PropertyInfo? property)
    {
        var unit = property?.GetCustomAttribute<UnitAttribute>()?.Name;
        IComparable value;
        if (type == typeof(string))
            return;
        if (type == typeof(int))
            value = int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) ? i
                : throw new ConfigurationException(key, $"\"{text}\" is not a whole number{(unit is null ? "" : $" of {unit}")}.");
        else if (type == typeof(double))
            value = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d
                : throw new ConfigurationException(key, $"\"{text}\" is not a number.");
        else if (type == typeof(bool))
            value = bool.TryParse(text, out var b) ? b : throw new ConfigurationException(key, $"\"{text}\" is not true or false.");
        else if (type == typeof(TimeSpan))
            value = BareNumber().IsMatch(text)
                ? throw new ConfigurationException(key, $"\"{text}\" is a bare number; write a duration as hh:mm:ss, e.g. 00:00:05 for 5 seconds.")
                : TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var t) ? t
                : throw new ConfigurationException(key, $"\"{text}\" is not a duration; write hh:mm:ss, e.g. 00:01:00.");
        else if (type.IsEnum)
        {
            if (char.IsDigit(text[0]) || text[0] == '-' || !Enum.TryParse(type, text, ignoreCase: true, out var parsed) || !Enum.IsDefined(type, parsed!))
                throw new ConfigurationException(key, $"\"{text}\" is not one of {string.Join(", ", EnumSpellings(type))}.");
            return;
        }
        else if (type == typeof(Uri))
        {
            CheckHttpUrl(key, text);
            return;
        }
        else
            throw new InvalidOperationException($"{key}: the precheck does not know the type {type.Name}; teach it.");

        if (property?.GetCustomAttribute<RangeAttribute>() is { } range)
        {
            var (min, max) = Bounds(range, type);
            if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
                throw new ConfigurationException(key, $"{Show(value)} is out of range; use {Show(min)} to {Show(max)}{(unit is null ? "" : " " + unit)}.");
        }
    }

    /// <summary>An absolute http or https URL without user name, password, query or fragment.</summary>
    internal static void CheckHttpUrl(string key, string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new ConfigurationException(key, $"\"{UserInfo().Replace(text, "//***@")}\" is not an http(s) URL.");
        if (uri.UserInfo.Length > 0)
            throw new ConfigurationException(key, "must not contain a user name or password; use the separate settings for credentials.");
        if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
            throw new ConfigurationException(key, $"\"{text}\" must not contain a query (?…) or fragment (#…).");
    }

    /// <summary>How users write an enum's values: one-word names in lower case (<c>v1</c>, <c>sqlite</c>), longer ones as declared.</summary>
    internal static IEnumerable<string> EnumSpellings(Type type) =>
        Enum.GetNames(type).Select(n => n.Skip(1).Any(char.IsUpper) ? n : n.ToLowerInvariant());

    static ConfigurationException Unknown(IConfigurationSection section, IConfigurationSection child, IReadOnlyList<PropertyInfo> properties)
    {
        var names = properties.Select(p => p.Name).ToList();
        var closest = names.MinBy(n => EditDistance.Between(n.ToLowerInvariant(), child.Key.ToLowerInvariant()));
        var hint = closest is not null && EditDistance.Between(closest.ToLowerInvariant(), child.Key.ToLowerInvariant()) <= 3
            ? $"did you mean {section.Path}:{closest}?"
            : $"known settings here: {string.Join(", ", names)}.";
        return new ConfigurationException(child.Path, $"is not a known setting; {hint}");
    }

    static (IComparable Min, IComparable Max) Bounds(RangeAttribute range, Type type) => type == typeof(TimeSpan)
        ? (TimeSpan.Parse((string)range.Minimum, CultureInfo.InvariantCulture), TimeSpan.Parse((string)range.Maximum, CultureInfo.InvariantCulture))
        : ((IComparable)Convert.ChangeType(range.Minimum, type, CultureInfo.InvariantCulture), (IComparable)Convert.ChangeType(range.Maximum, type, CultureInfo.InvariantCulture));

    static string Show(IComparable value) => value switch
    {
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    static List<PropertyInfo> Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod?.IsPublic == true).ToList();

    static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(TimeSpan) || type == typeof(Uri) || type == typeof(decimal);

    static Type? ListItemType(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.IsGenericType && type.GetGenericTypeDefinition() is var d
          && (d == typeof(List<>) || d == typeof(IList<>) || d == typeof(IReadOnlyList<>) || d == typeof(IEnumerable<>))
            ? type.GetGenericArguments()[0] : null;

    static Type? DictionaryValueType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var d && (d == typeof(Dictionary<,>) || d == typeof(IDictionary<,>) || d == typeof(IReadOnlyDictionary<,>))
            ? type.GetGenericArguments()[1] : null;

    [GeneratedRegex(@"^-?\d+([.,]\d+)?$")]
    private static partial Regex BareNumber();

    [GeneratedRegex(@"//[^/@]*@")]
    private static partial Regex UserInfo();
}

/// <summary>The unit a number is counted in, for messages (<c>use 1 to 3600 seconds</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class UnitAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
