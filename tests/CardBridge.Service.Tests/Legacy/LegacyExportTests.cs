using System.Diagnostics;
using System.Text.RegularExpressions;
using CardBridge.Tests.Shared;

namespace CardBridge.Service.Tests.Legacy;

/// <summary>
/// The export tables of the three legacy libraries: exactly the standard functions of SSCardDriver.def, undecorated
/// (no <c>_name@8</c> of __stdcall on win-x86, which a legacy program's GetProcAddress("iReadCardBas") would miss).
/// The win-x86 library cannot run here (no 32-bit execution), so its table is read with objdump.
/// </summary>
public sealed partial class LegacyExportTests
{
    private static readonly string Directory = RepositoryRoot.Combine("src", "CardBridge.Legacy");

    private static List<string> Standard() =>
        [.. File.ReadAllLines(Path.Combine(Directory, "SSCardDriver.def")).SkipWhile(l => l.Trim() != "EXPORTS").Skip(1)
            .Select(l => l.Trim()).Where(l => l.Length > 0).Order(StringComparer.Ordinal)];

    private static async Task<string> RunAsync(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        return output;
    }

    [Fact]
    public void The_def_file_names_the_standard_function_set()
    {
        Assert.Equal(
            ["iChangePIN", "iGetReaderInfo", "iReadCard", "iReadCardBas", "iReadCardBas_HSM_Step1", "iReadCardBas_HSM_Step2", "iReloadPIN", "iUnblockPIN", "iVerifyPIN"],
            Standard());
    }

    [Fact]
    public async Task The_linux_library_exports_the_standard_functions_and_nothing_else()
    {
        var output = await RunAsync("nm", "-D", "--defined-only", LegacyDriver.LinuxLibrary);

        var functions = output.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length == 3 && f[1] == "T").Select(f => f[2]).Order(StringComparer.Ordinal);
        Assert.Equal(Standard(), functions);
    }

    [Theory]
    [InlineData("win-x64", "pei-x86-64")]
    [InlineData("win-x86", "pei-i386")]
    public async Task The_windows_libraries_export_the_standard_names_undecorated(string rid, string format)
    {
        var output = await RunAsync("objdump", "-p", Path.Combine(Directory, "bin", rid, "SSCardDriver.dll"));

        Assert.Contains($"file format {format}", output, StringComparison.Ordinal);
        var names = ExportName().Matches(output[output.IndexOf("[Ordinal/Name Pointer] Table", StringComparison.Ordinal)..])
            .Select(m => m.Groups["name"].Value).Order(StringComparer.Ordinal);
        Assert.Equal(Standard(), names);
        Assert.Contains("DLL Name: WS2_32.dll", output, StringComparison.Ordinal);
        Assert.DoesNotContain("libgcc", output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("libwinpthread", output, StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex(@"^\s*\[\s*\d+\] (?<name>\S+)$", RegexOptions.Multiline)]
    private static partial Regex ExportName();
}
