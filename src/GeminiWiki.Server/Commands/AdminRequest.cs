using System.Globalization;
using System.Text.Json.Serialization;

namespace GeminiWiki.Server.Commands;

/// <summary>
/// One admin command, parsed and with every path made absolute, so that it means the same thing
/// run here against the database or sent to the running server over the control socket.
/// </summary>
public sealed record AdminRequest(string Verb, string? Argument, int? Days = null, string? Out = null, string? PasswordFile = null, bool Pem = false)
{
    /// <summary>
    /// Splits <paramref name="args"/> into the request and the configuration arguments that are
    /// left (--config, --Gemini:DataDirectory …); null with <paramref name="problem"/> when they do not parse.
    /// </summary>
    public static AdminRequest? Parse(string[] args, out string[] settings, out string? problem)
    {
        var verb = args[0];
        var hasArgument = args.Length > 1 && !args[1].StartsWith('-');
        var argument = hasArgument ? args[1] : null;
        var rest = new List<string>();
        int? days = null;
        string? output = null;
        string? passwordFile = null;
        var pem = false;
        problem = null;
        for (var i = hasArgument ? 2 : 1; i < args.Length; i++)
        {
            var option = args[i];
            if (verb != IssueCommand.Verb || option is not ("--days" or "--out" or "--password-file" or "--pem"))
            {
                rest.Add(option);
                continue;
            }

            if (option == "--pem")
            {
                pem = true;
                continue;
            }

            if (i + 1 >= args.Length)
            {
                problem = $"{option} needs a value.";
                break;
            }

            var value = args[++i];
            switch (option)
            {
                case "--days" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= IssueCommand.MaxDays:
                    days = n;
                    break;
                case "--days":
                    problem = $"--days takes a whole number of days from 1 to {IssueCommand.MaxDays}, not '{value}'.";
                    break;
                case "--out":
                    output = Path.GetFullPath(value);
                    break;
                default:
                    passwordFile = Path.GetFullPath(value);
                    break;
            }
        }

        settings = [.. rest];
        if (verb == IssueCommand.Verb && output is null && argument is not null && argument.IndexOfAny(['/', '\\']) < 0)
        {
            // The default file lands in this shell's folder, also when the server writes it.
            output = Path.GetFullPath(argument + (pem ? string.Empty : ".p12"));
        }

        if (verb == StorageCommands.Backup && argument is not null)
        {
            // The server writes the file: the path must mean what it means in this shell.
            argument = Path.GetFullPath(argument);
        }

        return problem is null ? new AdminRequest(verb, argument, days, output, passwordFile, pem) : null;
    }
}

/// <summary>The answer to an <see cref="AdminRequest"/>: exactly what the command printed and its exit code.</summary>
public sealed record AdminReply(int ExitCode, string Output, string Error);

[JsonSerializable(typeof(AdminRequest))]
[JsonSerializable(typeof(AdminReply))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class AdminJson : JsonSerializerContext;
