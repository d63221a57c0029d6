using System.Text;
using Microsoft.AspNetCore.Http;

namespace Leuka.Web;

/// <summary>A scenario file uploaded through a page's form: one reading for every page.</summary>
internal static class Uploads
{
    /// <summary>The file's text, or the message naming what is wrong with it.</summary>
    public static async Task<(string? Text, string? Problem)> ReadScenario(HttpContext? http, string field = "file")
    {
        var file = http?.Request.HasFormContentType == true ? (await http.Request.ReadFormAsync()).Files.GetFile(field) : null;
        if (file is null || file.Length == 0)
        {
            return (null, "$: no file was chosen; choose a scenario .json file");
        }

        try
        {
            using var reader = new StreamReader(file.OpenReadStream(), new UTF8Encoding(false, true));
            return ((await reader.ReadToEndAsync()).TrimStart('\uFEFF'), null);
        }
        catch (DecoderFallbackException)
        {
            return (null, "$: the file is not UTF-8 text; choose the scenario .json file as saved");
        }
    }
}
