using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GeminiWiki.Domain.Access;
using GeminiWiki.Domain.Identity;
using GeminiWiki.Domain.Identity.Authority;

namespace GeminiWiki.Server.Commands;

/// <summary>
/// issue &lt;account&gt; [--days N] [--out FILE.p12] [--password-file F] [--pem]: a key and a
/// certificate signed by the wiki's CA, linked to the account (created if needed), written as an
/// encrypted PKCS#12 file or a PEM pair for the person to import.
/// </summary>
internal static class IssueCommand
{
    public const string Verb = "issue";
    public const int DefaultDays = 365;
    public const int MaxDays = 3650;
    public const string Usage = "usage: geminiwiki issue <account> [--days N] [--out FILE.p12] [--password-file FILE] [--pem] [--config gemini.json] [--Gemini:DataDirectory folder]";

    // No look-alikes (0/O, 1/l/I): the password is read off a screen and typed in once.
    private const string PasswordAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private const int PasswordLength = 24;

    // AES-256 with PBKDF2-SHA256 (PBES2). More rounds than the platform's default of 2000: a
    // password from --password-file may be a weak one, and importing happens once.
    private static readonly PbeParameters Pkcs12Encryption = new(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 100_000);

    public static int Run(AdminRequest request, AdminContext context, TextWriter output, TextWriter error)
    {
        if (!AccountName.TryCreate(request.Argument, out var account, out var problem))
        {
            error.WriteLine($"geminiwiki: '{request.Argument}' cannot be an account name: {problem}");
            return AdminCommandLine.Failed;
        }

        var basePath = request.Out ?? Path.GetFullPath(account.Value + (request.Pem ? string.Empty : ".p12"));
        var files = request.Pem ? PemFiles(basePath) : [basePath];
        if (files.FirstOrDefault(File.Exists) is { } existing)
        {
            error.WriteLine($"geminiwiki: '{existing}' already exists; nothing was issued. Choose another --out, or move the file away.");
            return AdminCommandLine.Failed;
        }

        string? password = null;
        var generated = false;
        if (!request.Pem)
        {
            if (request.PasswordFile is { } passwordFile)
            {
                if (!TryReadPassword(passwordFile, error, out password))
                {
                    return AdminCommandLine.Failed;
                }
            }
            else
            {
                password = RandomNumberGenerator.GetString(PasswordAlphabet, PasswordLength);
                generated = true;
            }
        }

        var now = context.Time.GetUtcNow();
        WikiCertificateAuthority authority;
        bool created;
        try
        {
            authority = context.Authority.GetOrCreate(now, out created);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"geminiwiki: cannot use the wiki's CA in {context.Authority.Directory}: {ex.Message}");
            return AdminCommandLine.Failed;
        }

        if (created)
        {
            output.WriteLine($"Created the wiki's CA: {Path.Combine(context.Authority.Directory, WikiCertificateAuthority.CertificateFileName)} " +
                $"(key {WikiCertificateAuthority.KeyFileName} beside it, readable by you only; back both up). CA fingerprint (SHA-256): {authority.Fingerprint.Hex}");
        }

        using var certificate = authority.Issue(account, request.Days ?? DefaultDays, now);
        var details = CertificateDetails.TryRead(certificate)!;

        // Recorded before the file is written: a file that failed to write leaves a certificate
        // nobody holds (revoke it), never one that is valid but unknown to the wiki.
        var outcome = context.Issued.Record(account, details, AdminCommands.Actor, now);
        try
        {
            if (request.Pem)
            {
                OwnerOnlyFile.WriteNew(files[0], certificate.ExportCertificatePem(), ownerOnly: false);
                using var key = certificate.GetECDsaPrivateKey()!;
                OwnerOnlyFile.WriteNew(files[1], key.ExportPkcs8PrivateKeyPem(), ownerOnly: true);
            }
            else
            {
                OwnerOnlyFile.WriteNew(files[0], certificate.ExportPkcs12(Pkcs12Encryption, password), ownerOnly: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"geminiwiki: certificate {WikiCertificateAuthority.NormalizeSerial(details.SerialNumber)} was issued to {account} " +
                $"but could not be written ({ex.Message}). Revoke it with: geminiwiki revoke-cert {WikiCertificateAuthority.NormalizeSerial(details.SerialNumber)}");
            return AdminCommandLine.Failed;
        }

        var serial = WikiCertificateAuthority.NormalizeSerial(details.SerialNumber);
        output.WriteLine(outcome == IssueOutcome.AccountCreated
            ? $"Issued certificate {serial} to the new account {account}, valid until {RefusalMessages.Format(details.NotAfter)}."
            : $"Issued certificate {serial} to {account}, valid until {RefusalMessages.Format(details.NotAfter)}; the account's other certificates keep working.");
        output.WriteLine($"Fingerprint (SHA-256): {details.Fingerprint.Hex}");
        if (context.Accounts.FindAccount(account.Value) is { Banned: true })
        {
            output.WriteLine($"Note: {account} is banned; the certificate is refused until the account is unbanned.");
        }

        if (request.Pem)
        {
            output.WriteLine($"Wrote {files[0]} (certificate) and {files[1]} (private key, readable by you only).");
        }
        else
        {
            output.WriteLine($"Wrote {files[0]} (PKCS#12, AES-256 with PBKDF2).");
            output.WriteLine(generated
                ? $"Password (shown once, stored nowhere): {password}"
                : "Password: the one in the password file.");
        }

        WriteImportHelp(output, files, request.Pem, context.Hostname);
        return AdminCommandLine.Ok;
    }

    // "dana" and "dana.p12" both give dana.crt and dana.key; a dot inside a name ("j.doe") is kept.
    private static string[] PemFiles(string basePath)
    {
        var extension = Path.GetExtension(basePath);
        var stem = extension.ToLowerInvariant() is ".p12" or ".pfx" or ".pem" or ".crt" or ".key" ? basePath[..^extension.Length] : basePath;
        return [stem + ".crt", stem + ".key"];
    }

    private static bool TryReadPassword(string path, TextWriter error, out string? password)
    {
        password = null;
        try
        {
            password = File.ReadLines(path).FirstOrDefault()?.TrimEnd('\r');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"geminiwiki: cannot read the password file '{path}': {ex.Message}");
            return false;
        }

        if (string.IsNullOrEmpty(password))
        {
            error.WriteLine($"geminiwiki: the password file '{path}' is empty; put the password on its first line, or leave out --password-file to get a generated one.");
            return false;
        }

        return true;
    }

    private static void WriteImportHelp(TextWriter output, string[] files, bool pem, string hostname)
    {
        output.WriteLine("Hand the file (and, separately, the password) to its owner. To import it:");
        if (pem)
        {
            output.WriteLine($"  Lagrange: Identity > Import…, then paste or drop {Path.GetFileName(files[0])} and {Path.GetFileName(files[1])}; use it for gemini://{hostname}/.");
            output.WriteLine($"  Amfora: in config.toml, [auth.certs] \"{hostname}\" = \"{files[0]}\" and [auth.keys] \"{hostname}\" = \"{files[1]}\".");
            output.WriteLine("  Firefox, Chromium: they import PKCS#12 only; issue again without --pem.");
        }
        else
        {
            output.WriteLine("  Firefox: Settings > Privacy & Security > Certificates > View Certificates > Your Certificates > Import…, choose the file, enter the password.");
            output.WriteLine("  Chromium: Settings > Privacy and security > Security > Manage certificates > Your certificates > Import, choose the file, enter the password.");
            output.WriteLine("  Lagrange, Amfora: they take a PEM certificate and key; issue with --pem for them.");
        }
    }
}
