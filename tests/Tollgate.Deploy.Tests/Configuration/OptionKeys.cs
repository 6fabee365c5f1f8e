using System.Collections;
using System.Reflection;

namespace Tollgate.Deploy.Tests.Configuration;

/// <summary>
/// Configuration keys bound by options classes, found by reflection so a renamed option breaks the
/// check instead of silently turning a compose variable into a no-op. An options class is one with a
/// <c>const string SectionName</c>, the convention of this repository.
/// </summary>
internal static class OptionKeys
{
    public static IEnumerable<string> FromAssembly(Assembly assembly) =>
        assembly.GetTypes()
            .Select(type => (Type: type, Section: SectionNameOf(type)))
            .Where(options => options.Section is not null && !typeof(IDictionary).IsAssignableFrom(options.Type))
            .SelectMany(options => KeysOf(options.Type, options.Section!, depth: 0));

    private static string? SectionNameOf(Type type) =>
        type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field
            ? field.GetRawConstantValue() as string
            : null;

    private static IEnumerable<string> KeysOf(Type type, string prefix, int depth)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetIndexParameters().Length == 0);
        foreach (var property in properties)
        {
            var key = $"{prefix}:{property.Name}";
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (IsScalar(propertyType))
            {
                yield return key;
            }
            else if (typeof(IEnumerable).IsAssignableFrom(propertyType))
            {
                // A list binds from indexed keys; KnownConfigurationKeys treats every index alike.
                yield return $"{key}:0";
            }
            else if (depth < 3)
            {
                foreach (var nested in KeysOf(propertyType, key, depth + 1))
                {
                    yield return nested;
                }
            }
        }
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal)
        || type == typeof(TimeSpan) || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(Uri);
}
