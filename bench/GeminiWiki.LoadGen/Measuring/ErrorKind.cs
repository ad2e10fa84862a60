namespace GeminiWiki.LoadGen.Measuring;

/// <summary>Why a request did not end cleanly. A response that arrived but was closed without close_notify still counts its status.</summary>
public enum ErrorKind
{
    /// <summary>TCP connect refused or failed.</summary>
    Connect,

    /// <summary>The TLS handshake failed or the server closed during it.</summary>
    Handshake,

    /// <summary>No complete response within --timeout.</summary>
    Timeout,

    /// <summary>The response header is not "NN meta CRLF" within 1029 bytes, or nothing came at all.</summary>
    Protocol,

    /// <summary>The connection ended with a TCP FIN but no TLS close_notify (truncation cannot be detected).</summary>
    ClosedWithoutCloseNotify,

    /// <summary>A reset or other I/O error after the handshake.</summary>
    Reset,
}
