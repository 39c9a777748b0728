#Requires -Version 5.1
#Requires -RunAsAdministrator
<#
.SYNOPSIS
Removes the CardBridge Windows service installed by install.ps1 (docs/operations/installing.md).

.DESCRIPTION
Stops and deletes the service "CardBridge", removes the binaries and the CLI's PATH entry. The configuration (with
its keys), the journal and the logs under -DataDir stay unless -Purge is given; -Purge also removes the event log
source. An offline journal not yet uploaded holds settlements the insurance centre has not seen: upload it
(let the service run while the centre is reachable, or call JournalService.UploadNow) before purging.

.PARAMETER InstallDir
Where install.ps1 put the binaries. Default: %ProgramFiles%\CardBridge.

.PARAMETER DataDir
Where install.ps1 put configuration, journal and logs. Default: %ProgramData%\CardBridge.

.PARAMETER Purge
Also delete the configuration, the journal, the logs and the event log source.

.EXAMPLE
.\uninstall.ps1
.EXAMPLE
.\uninstall.ps1 -Purge
#>
[CmdletBinding()]
param(
    [string]$InstallDir = (Join-Path $env:ProgramFiles 'CardBridge'),
    [string]$DataDir = (Join-Path $env:ProgramData 'CardBridge'),
    [switch]$Purge
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$ServiceName = 'CardBridge'
$EventSource = 'CardBridge'

$service = Get-Service -Name $ServiceName -ErrorAction SilentlyContinue
if ($service) {
    if ($service.Status -ne 'Stopped') {
        Stop-Service -Name $ServiceName
        $service.WaitForStatus('Stopped', [TimeSpan]::FromSeconds(30))
    }
    # sc.exe rather than Remove-Service, which Windows PowerShell 5.1 does not have.
    $output = & sc.exe delete $ServiceName 2>&1
    if ($LASTEXITCODE -ne 0) {
        throw "sc.exe delete $ServiceName failed ($LASTEXITCODE): $($output -join [Environment]::NewLine)"
    }
    Write-Host "removed the service $ServiceName"
}

foreach ($dir in $InstallDir, "$InstallDir.new", "$InstallDir.old") {
    if (Test-Path $dir) { Remove-Item $dir -Recurse -Force }
}
$cli = Join-Path $InstallDir 'cli'
$path = [Environment]::GetEnvironmentVariable('Path', 'Machine')
$entries = @($path -split ';' | Where-Object { $_ -and $_ -ne $cli })
if ($entries.Count -ne @($path -split ';' | Where-Object { $_ }).Count) {
    [Environment]::SetEnvironmentVariable('Path', ($entries -join ';'), 'Machine')
}
Write-Host "removed the binaries from $InstallDir"

if (-not $Purge) {
    Write-Host "kept $DataDir (configuration and keys, journal, logs); -Purge removes it"
    return
}
if (Test-Path $DataDir) { Remove-Item $DataDir -Recurse -Force }
if ([System.Diagnostics.EventLog]::SourceExists($EventSource)) {
    [System.Diagnostics.EventLog]::DeleteEventSource($EventSource)
}
Write-Host "purged $DataDir and the event log source $EventSource"
