<#
.SYNOPSIS
Runs install.ps1 and uninstall.ps1 under PowerShell 7 on any OS, with the Windows-only commands replaced by recording
fakes, so a typo, a wrong path or a wrong argument fails CI before any Windows machine runs them.

.DESCRIPTION
Fakes: Get-Service/New-Service/Set-Service/Stop-Service/Start-Service, Set-ItemProperty (the registry), sc.exe and
icacls.exe, System.Diagnostics.EventLog, System.ServiceProcess.ServiceController and the machine PATH of
[Environment] (type accelerators, so the scripts' own text runs unchanged). Files are real: a fake publish folder is
installed into a temporary "Program Files" and "ProgramData". Checked: every .ps1 here parses; a first install (layout, the configuration
with its keys and paths, the link to it, the legacy library beside the service, the service registration, the
virtual account, recovery, ACLs, the event log source, the PATH), an upgrade (configuration kept byte for byte, the
service stopped and started, the binaries replaced), an uninstall (configuration kept) and a purge. Called by
installer/test.sh; exits 1 naming each failed check.
#>
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

class FakeWindows {
    static [System.Collections.Generic.List[string]] $Calls = [System.Collections.Generic.List[string]]::new()
    static [string] $MachinePath = 'C:\Windows\system32;C:\Windows'
    static [bool] $SourceRegistered = $false
    static [string] $ServiceStatus = ''
    static [void] Record([string]$call) { [FakeWindows]::Calls.Add($call) }
}

class FakeEventLog {
    static [bool] SourceExists([string]$source) { return [FakeWindows]::SourceRegistered }
    static [void] CreateEventSource([string]$source, [string]$log) { [FakeWindows]::SourceRegistered = $true; [FakeWindows]::Record("CreateEventSource $source $log") }
    static [void] DeleteEventSource([string]$source) { [FakeWindows]::SourceRegistered = $false; [FakeWindows]::Record("DeleteEventSource $source") }
    static [void] WriteEntry([string]$source, [string]$message, [string]$type, [int]$id) { [FakeWindows]::Record("WriteEntry $source $type $id $message") }
}

class FakeServiceController {
    [string] $Name
    [string] $Status
    FakeServiceController([string]$name) { $this.Name = $name; $this.Status = [FakeWindows]::ServiceStatus }
    [void] WaitForStatus([object]$status, [TimeSpan]$timeout) { [FakeWindows]::Record("WaitForStatus $($this.Name) $status") }
    [void] Dispose() { }
}

class FakeEnvironment {
    static [string] $NewLine = "`n"
    static [string] GetEnvironmentVariable([string]$name, [string]$target) {
        if ($name -eq 'Path' -and $target -eq 'Machine') { return [FakeWindows]::MachinePath }
        return [System.Environment]::GetEnvironmentVariable($name)
    }
    static [void] SetEnvironmentVariable([string]$name, [string]$value, [string]$target) {
        if ($name -ne 'Path' -or $target -ne 'Machine') { throw "unexpected SetEnvironmentVariable $name $target" }
        [FakeWindows]::MachinePath = $value
        [FakeWindows]::Record("SetMachinePath $value")
    }
}

$accelerators = [psobject].Assembly.GetType('System.Management.Automation.TypeAccelerators')
$accelerators::Add('System.Diagnostics.EventLog', [FakeEventLog])
$accelerators::Add('System.ServiceProcess.ServiceController', [FakeServiceController])
$accelerators::Add('Environment', [FakeEnvironment])

function Get-Service {
    [CmdletBinding()] param([string]$Name)
    if ([FakeWindows]::ServiceStatus) { return [FakeServiceController]::new($Name) }
}
function New-Service {
    [CmdletBinding()] param([string]$Name, [string]$BinaryPathName, [string]$DisplayName, [string]$Description, [string]$StartupType)
    [FakeWindows]::ServiceStatus = 'Stopped'
    [FakeWindows]::Record("New-Service $Name $BinaryPathName $StartupType")
}
function Set-Service { [CmdletBinding()] param([string]$Name, [string]$StartupType) [FakeWindows]::Record("Set-Service $Name $StartupType") }
function Stop-Service { [CmdletBinding()] param([string]$Name) [FakeWindows]::ServiceStatus = 'Stopped'; [FakeWindows]::Record("Stop-Service $Name") }
function Start-Service { [CmdletBinding()] param([string]$Name) [FakeWindows]::ServiceStatus = 'Running'; [FakeWindows]::Record("Start-Service $Name") }
function Set-ItemProperty { [CmdletBinding()] param([string]$Path, [string]$Name, [string]$Value) [FakeWindows]::Record("Set-ItemProperty $Path $Name $Value") }
function sc.exe {
    [FakeWindows]::Record("sc.exe $($args -join ' ')")
    if ($args[0] -eq 'delete') { [FakeWindows]::ServiceStatus = '' }
    $global:LASTEXITCODE = 0
}
function icacls.exe { [FakeWindows]::Record("icacls.exe $($args -join ' ')"); $global:LASTEXITCODE = 0 }

$failures = [System.Collections.Generic.List[string]]::new()
function Check([string]$name, [bool]$passed) {
    if ($passed) { Write-Host "PASS  $name" } else { Write-Host "FAIL  $name"; $failures.Add($name) }
}
function Recorded([string]$pattern) { @([FakeWindows]::Calls | Where-Object { $_ -like $pattern }).Count -gt 0 }

$parsed = $true
foreach ($file in Get-ChildItem -Path $PSScriptRoot -Filter '*.ps1') {
    $errors = $null
    [void][System.Management.Automation.Language.Parser]::ParseFile($file.FullName, [ref]$null, [ref]$errors)
    foreach ($e in $errors) { Write-Host "      $($file.Name):$($e.Extent.StartLineNumber): $($e.Message)" }
    Check "parses: $($file.Name)" ($errors.Count -eq 0)
    $parsed = $parsed -and $errors.Count -eq 0
}
if (-not $parsed) {
    exit 1
}

$repo = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)
$root = Join-Path ([IO.Path]::GetTempPath()) ("cardbridge-ps1-" + [Guid]::NewGuid().ToString('N'))
try {
    $from = Join-Path $root 'publish'
    foreach ($file in 'service/cardbridge-service.exe', 'service/legacy/x86/SSCardDriver.dll', 'service/legacy/x64/SSCardDriver.dll',
        'service/legacy/cardbridge-legacy.ini', 'cli/cardbridge.exe') {
        New-Item -ItemType File -Path (Join-Path $from $file) -Force | Out-Null
    }
    Copy-Item (Join-Path $repo 'src/CardBridge.Service/appsettings.json') (Join-Path $from 'service/appsettings.json')
    $installDir = Join-Path $root 'Program Files/CardBridge'
    $dataDir = Join-Path $root 'ProgramData/CardBridge'
    $config = Join-Path $dataDir 'appsettings.json'
    $install = Join-Path $PSScriptRoot 'install.ps1'
    $uninstall = Join-Path $PSScriptRoot 'uninstall.ps1'

    & $install -From $from -InstallDir $installDir -DataDir $dataDir
    $settings = Get-Content -Raw $config | ConvertFrom-Json
    Check 'install: binaries, CLI, shipped defaults and the legacy DLLs beside the service' (
        (Test-Path (Join-Path $installDir 'cardbridge-service.exe')) -and (Test-Path (Join-Path $installDir 'cli/cardbridge.exe')) -and
        (Test-Path (Join-Path $installDir 'appsettings.json.default')) -and (Test-Path (Join-Path $installDir 'legacy/x86/SSCardDriver.dll')) -and
        (Test-Path (Join-Path $installDir 'legacy/x64/SSCardDriver.dll')) -and (Test-Path (Join-Path $installDir 'legacy/cardbridge-legacy.ini')))
    Check 'install: appsettings.json beside the service links to the configuration' (
        (Get-Item (Join-Path $installDir 'appsettings.json')).LinkTarget -eq $config)
    Check 'install: the configuration has new keys and its paths under the data folder' (
        $settings.Security.PseudonymKey.Length -eq 44 -and $settings.Journal.EncryptionKey -ne $settings.Journal.IntegrityKey -and
        $settings.Journal.Path.StartsWith($dataDir) -and $settings.Audit.Path.StartsWith($dataDir) -and $settings.Logs.Console -eq $false)
    Check 'install: journal and logs folders' ((Test-Path (Join-Path $dataDir 'journal')) -and (Test-Path (Join-Path $dataDir 'logs')))
    Check 'install: the service registered with its quoted path, automatic' (Recorded "New-Service CardBridge `"$installDir*cardbridge-service.exe`" Automatic")
    Check 'install: virtual account, its SID, recovery actions' (
        (Recorded 'sc.exe config CardBridge obj= NT SERVICE\CardBridge') -and (Recorded 'sc.exe sidtype CardBridge unrestricted') -and
        (Recorded 'sc.exe failure CardBridge reset= 86400 actions= restart/5000/restart/5000/restart/30000') -and (Recorded 'sc.exe failureflag CardBridge 1'))
    Check 'install: data folder ACLs (no inheritance; the service reads, writes journal and logs)' (
        (Recorded "icacls.exe $dataDir /inheritance:r /grant:r *S-1-5-18:(OI)(CI)F *S-1-5-32-544:(OI)(CI)F NT SERVICE\CardBridge:(OI)(CI)RX") -and
        (Recorded "icacls.exe $(Join-Path $dataDir 'journal') /grant:r NT SERVICE\CardBridge:(OI)(CI)M"))
    Check 'install: event log source registered and the install written to it' (
        (Recorded 'CreateEventSource CardBridge Application') -and (Recorded 'WriteEntry CardBridge Information 1000 CardBridge installed*'))
    Check 'install: the CLI on the machine PATH, a first install not started' (
        ([FakeWindows]::MachinePath -split ';') -contains (Join-Path $installDir 'cli') -and -not (Recorded 'Start-Service*'))

    $before = [IO.File]::ReadAllBytes($config)
    New-Item -ItemType File -Path (Join-Path $installDir 'left-by-an-older-version') | Out-Null
    [FakeWindows]::ServiceStatus = 'Running'
    [FakeWindows]::Calls.Clear()
    & $install -From $from -InstallDir $installDir -DataDir $dataDir
    Check 'upgrade: the configuration kept byte for byte' ([Convert]::ToBase64String($before) -eq [Convert]::ToBase64String([IO.File]::ReadAllBytes($config)))
    Check 'upgrade: the binaries replaced, nothing of the old version left' (-not (Test-Path (Join-Path $installDir 'left-by-an-older-version')))
    Check 'upgrade: stopped, path and start type updated, started again' (
        (Recorded 'Stop-Service CardBridge') -and (Recorded 'Set-ItemProperty HKLM:\SYSTEM\CurrentControlSet\Services\CardBridge ImagePath*') -and
        (Recorded 'Set-Service CardBridge Automatic') -and (Recorded 'Start-Service CardBridge') -and -not (Recorded 'New-Service*'))
    Check 'upgrade: the PATH entry not added twice' (@([FakeWindows]::MachinePath -split ';' | Where-Object { $_ -eq (Join-Path $installDir 'cli') }).Count -eq 1)

    & $uninstall -InstallDir $installDir -DataDir $dataDir
    Check 'uninstall: service stopped and deleted, binaries and PATH entry gone, configuration kept' (
        (Recorded 'sc.exe delete CardBridge') -and -not (Test-Path $installDir) -and (Test-Path $config) -and
        -not (([FakeWindows]::MachinePath -split ';') -contains (Join-Path $installDir 'cli')))
    & $uninstall -InstallDir $installDir -DataDir $dataDir -Purge
    Check 'purge: data folder and event log source gone' (-not (Test-Path $dataDir) -and (Recorded 'DeleteEventSource CardBridge'))
} finally {
    if (Test-Path $root) { Remove-Item $root -Recurse -Force }
}
if ($failures.Count -gt 0) {
    Write-Host "Windows scripts under fakes: $($failures.Count) failed"
    exit 1
}
Write-Host 'Windows scripts under fakes: PASS'
