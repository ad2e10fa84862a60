namespace GeminiWiki.Domain.Spaces;

/// <summary>One entry of Wiki:Spaces in gemini.json, as written; <see cref="SpaceConfiguration.Read"/> checks it.</summary>
public sealed class SpaceOptions
{
    /// <summary>The path prefix: lowercase letters, digits and '-'.</summary>
    public string? Name { get; set; }

    /// <summary>Headings and feed title; the name when left out.</summary>
    public string? Title { get; set; }

    public string MainPage { get; set; } = "Home";

    /// <summary>Public, Registered or AllowListed; the capsule's Identity:Read when left out.</summary>
    public string? Read { get; set; }

    /// <summary>Registered, AllowListed or Admin; the capsule's Identity:Edit when left out.</summary>
    public string? Edit { get; set; }

    /// <summary>A host name the space answers at "/", with a certificate of its own.</summary>
    public string? Host { get; set; }

    /// <summary>With <see cref="KeyPath"/>: the PEM certificate for <see cref="Host"/> (generated in the certificate folder when left out).</summary>
    public string? CertificatePath { get; set; }

    public string? KeyPath { get; set; }
}

/// <summary>The "Wiki" section again, for its list of spaces.</summary>
public sealed class SpacesOptions
{
    public List<SpaceOptions> Spaces { get; set; } = [];
}
