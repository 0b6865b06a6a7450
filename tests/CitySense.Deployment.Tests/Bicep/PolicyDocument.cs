using System.Text;
using System.Xml.Linq;

namespace CitySense.Deployment.Tests.Bicep;

/// <summary>
/// An API Management policy as deployed (format rawxml), loaded as XML. In rawxml, attribute values that are
/// policy expressions (@(...) or @{...}) keep C# as written: quotes, &lt; and &gt; unescaped, which no XML parser
/// accepts. <see cref="Load"/> escapes them inside such attributes (skipping C# string literals while it looks for
/// the closing bracket), as API Management's own reader does, and nothing else.
/// </summary>
public static class PolicyDocument
{
    public static XElement Load(string rawXml) => XDocument.Parse(EscapeExpressionAttributes(rawXml)).Root!;

    /// <summary>The literal text of an element or of an attribute value, whitespace-trimmed.</summary>
    public static string Value(this XElement element, string attribute) =>
        element.Attribute(attribute)?.Value ?? throw new InvalidOperationException($"<{element.Name}> has no {attribute} attribute: {element}");

    private static string EscapeExpressionAttributes(string rawXml)
    {
        var output = new StringBuilder(rawXml.Length);
        var index = 0;
        while (index < rawXml.Length)
        {
            var start = rawXml.IndexOf("=\"@", index, StringComparison.Ordinal);
            if (start < 0 || start + 3 >= rawXml.Length || (rawXml[start + 3] != '(' && rawXml[start + 3] != '{'))
            {
                output.Append(rawXml, index, (start < 0 ? rawXml.Length : start + 3) - index);
                index = start < 0 ? rawXml.Length : start + 3;
                continue;
            }

            output.Append(rawXml, index, start + 2 - index);
            var end = ExpressionEnd(rawXml, start + 3);
            var expression = rawXml[(start + 2)..end];
            output.Append(expression.Replace("&", "&amp;", StringComparison.Ordinal)
                .Replace("<", "&lt;", StringComparison.Ordinal)
                .Replace(">", "&gt;", StringComparison.Ordinal)
                .Replace("\"", "&quot;", StringComparison.Ordinal));
            index = end;
        }

        return output.ToString();
    }

    /// <summary>Index just past the bracket that closes the one at <paramref name="open"/>, outside C# string and char literals.</summary>
    private static int ExpressionEnd(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(' or '{':
                    depth++;
                    break;
                case ')' or '}':
                    if (--depth == 0)
                    {
                        return i + 1;
                    }

                    break;
                case '"':
                    var verbatim = i > 0 && text[i - 1] == '@';
                    for (i++; i < text.Length; i++)
                    {
                        if (verbatim && text[i] == '"' && i + 1 < text.Length && text[i + 1] == '"')
                        {
                            i++;
                        }
                        else if (!verbatim && text[i] == '\\')
                        {
                            i++;
                        }
                        else if (text[i] == '"')
                        {
                            break;
                        }
                    }

                    break;
                case '\'':
                    i = text.IndexOf('\'', text[i + 1] == '\\' ? i + 3 : i + 2);
                    break;
            }
        }

        throw new FormatException($"Unbalanced policy expression starting at {open}: {text[open..Math.Min(text.Length, open + 200)]}");
    }
}
