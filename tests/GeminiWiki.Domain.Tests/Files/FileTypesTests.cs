using GeminiWiki.Domain.Files;

namespace GeminiWiki.Domain.Tests.Files;

public sealed class FileTypesTests
{
    public static TheoryData<string, byte[]> MatchingContent => new()
    {
        { FileTypes.Png, TestFiles.Png },
        { FileTypes.Jpeg, TestFiles.Jpeg },
        { FileTypes.Gif, TestFiles.Gif },
        { FileTypes.Gif, "GIF87a"u8.ToArray() },
        { FileTypes.WebP, TestFiles.WebP },
        { FileTypes.Pdf, TestFiles.Pdf },
        { FileTypes.PlainText, TestFiles.Text },
        { FileTypes.PlainText, [] },
    };

    [Theory]
    [MemberData(nameof(MatchingContent))]
    public void Content_that_starts_with_its_types_signature_matches(string type, byte[] content) =>
        Assert.Null(FileTypes.Mismatch(type, content));

    public static TheoryData<string, byte[], string> MismatchedContent => new()
    {
        { FileTypes.Png, TestFiles.Html, "The content is not a PNG image (it must start with \\x89PNG)" },
        { FileTypes.Png, TestFiles.Png[..7], "The content is not a PNG image (it must start with \\x89PNG)" },
        { FileTypes.Jpeg, TestFiles.Png, "The content is not a JPEG image (it must start with FF D8 FF)" },
        { FileTypes.Gif, "GIF88a"u8.ToArray(), "The content is not a GIF image (it must start with GIF87a or GIF89a)" },
        // A RIFF container that is not WebP (a WAV file).
        { FileTypes.WebP, [.. "RIFF"u8, 0, 0, 0, 0, .. "WAVE"u8], "The content is not a WebP image (it must start with RIFF….WEBP)" },
        { FileTypes.WebP, "RIFF"u8.ToArray(), "The content is not a WebP image (it must start with RIFF….WEBP)" },
        { FileTypes.Pdf, TestFiles.Html, "The content is not a PDF document (it must start with %PDF-)" },
        { FileTypes.PlainText, [0x61, 0x00, 0x62], "Plain text cannot contain NUL bytes (is this a binary file?)" },
        { FileTypes.PlainText, [0x61, 0xC3, 0x28], "Plain text must be valid UTF-8" },
        { FileTypes.PlainText, TestFiles.Png, "Plain text cannot contain NUL bytes (is this a binary file?)" },
        { "text/html", TestFiles.Html, "Files of type text/html are not accepted" },
    };

    [Theory]
    [MemberData(nameof(MismatchedContent))]
    public void Content_of_another_type_is_refused_with_what_it_should_start_with(string type, byte[] content, string message) =>
        Assert.Equal(message, FileTypes.Mismatch(type, content));

    [Fact]
    public void Detection_names_the_signature_types_and_never_guesses_text()
    {
        Assert.Equal(
            [FileTypes.Png, FileTypes.Jpeg, FileTypes.Gif, FileTypes.WebP, FileTypes.Pdf, null, null],
            new[] { TestFiles.Png, TestFiles.Jpeg, TestFiles.Gif, TestFiles.WebP, TestFiles.Pdf, TestFiles.Text, TestFiles.Html }.Select(c => FileTypes.Detect(c)));
    }

    [Theory]
    [InlineData("cat.png", true, "")]
    [InlineData("Cat Photo.JPG", true, "")]
    [InlineData("a/b.png", false, "A file name cannot contain '/'")]
    [InlineData("..", false, "A file name cannot be '.' or '..'")]
    [InlineData("", false, "A file name cannot be empty")]
    public void File_names_follow_the_page_name_rules_worded_for_files(string text, bool valid, string problem)
    {
        Assert.Equal(valid, FileName.TryParse(text, 100, out _, out var said));
        Assert.Equal(problem, said);
    }

    [Fact]
    public void File_names_are_one_file_whatever_their_case()
    {
        Assert.Equal(FileName.Parse("Cat.PNG"), FileName.Parse("cat.png"));
        Assert.Equal("Cat.PNG", FileName.Parse("Cat.PNG").Value);
    }
}
