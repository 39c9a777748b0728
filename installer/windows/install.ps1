#Requires -Version 5.1
#Requires -RunAsAdministrator
<#
.SYNOPSIS
Installs or upgrades CardBridge as the Windows service "CardBridge" (docs/operations/installing.md).

.DESCRIPTION
- Binaries (self-contained win-x64: no .NET install needed) go to -InstallDir (default %ProgramFiles%\CardBridge),
  the operator CLI to its cli\ folder, which is added to the machine PATH.
- Configuration, journal and logs live under -DataDir (default %ProgramData%\CardBridge): appsettings.json,
  journal\journal.db, logs\. %ProgramFiles%\CardBridge\appsettings.json is a symbolic link to the configuration
  there, because the service reads appsettings.json beside its program. An existing configuration is never
  overwritten; a first one gets this machine's own pseudonym and journal keys.
- The service runs as its own virtual account, NT SERVICE\CardBridge: it may read the configuration and write the
  journal and logs, nothing else of the data folder is open to other users (the configuration holds keys).
- Recovery: restart after 5 s, 5 s, then 30 s; the failure count resets after a day. The actions also apply when the
  service stops with a non-zero exit code (exit 2 is a configuration error: fix the configuration, then start it).
- The event log source "CardBridge" (log Application), the service's name, carries this script's entries and what the
  Windows service runtime writes under that name; the Service Control Manager logs starts, stops and failures itself.
- A first install registers the service but does not start it: the insurance centre, the operator and the terminal
  id belong to the site. An upgrade stops the service, swaps the binaries and starts it again.

.PARAMETER From
A folder with service\ and cli\ as made by installer/publish.sh --rid win-x64 (on Linux or Windows). Without it, this
script publishes the checkout it belongs to with the .NET 10 SDK.

.PARAMETER InstallDir
Where the binaries go. Default: %ProgramFiles%\CardBridge.

.PARAMETER DataDir
Where configuration, journal and logs go. Default: %ProgramData%\CardBridge.

.PARAMETER NoStart
Register (or upgrade) the service without starting it.

.EXAMPLE
.\install.ps1 -From C:\Temp\cardbridge-win-x64
#>
[CmdletBinding()]
param(
    [string]$From,
    [string]$InstallDir = (Join-Path $env:ProgramFiles 'CardBridge'),
    [string]$DataDir = (Join-Path $env:ProgramData 'CardBridge'),
    [switch]$NoStart
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$ServiceName = 'CardBridge'            # the name the host gives UseWindowsService
$ServiceAccount = "NT SERVICE\$ServiceName"
$EventSource = 'CardBridge'
# Well-known SIDs, since group names are localised (Windows in Chinese says 管理员组, not Administrators).
$SystemSid = '*S-1-5-18'
$AdministratorsSid = '*S-1-5-32-544'

function Invoke-Native {
    # Runs sc.exe, icacls.exe or dotnet with an argument array and stops the script when it fails.
    param([Parameter(Mandatory)][string]$FilePath, [Parameter(Mandatory)][string[]]$Arguments)
    # Windows PowerShell turns a native program's standard error into errors, which 'Stop' would throw on.
    $ErrorActionPreference = 'Continue'
    $output = & $FilePath @Arguments 2>&1
    if ($LASTEXITCODE -ne 0) {
        throw "$FilePath $($Arguments -join ' ') failed ($LASTEXITCODE): $($output -join [Environment]::NewLine)"
    }
}

function Wait-ServiceStatus {
    param([string]$Name, [System.ServiceProcess.ServiceControllerStatus]$Status, [int]$Seconds = 30)
    $controller = New-Object System.ServiceProcess.ServiceController $Name
    try {
        $controller.WaitForStatus($Status, [TimeSpan]::FromSeconds($Seconds))
    } finally {
        $controller.Dispose()
    }
}

function New-Key {
    # 32 random bytes in base64, as `cardbridge-service new-pseudonym-key` prints.
    $bytes = New-Object byte[] 32
    $rng = [System.Security.Cryptography.RandomNumberGenerator]::Create()
    try { $rng.GetBytes($bytes) } finally { $rng.Dispose() }
    [Convert]::ToBase64String($bytes)
}

$repo = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)
$work = Join-Path ([IO.Path]::GetTempPath()) ("cardbridge-install-" + [Guid]::NewGuid().ToString('N'))
try {
    if (-not $From) {
        if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
            throw 'dotnet (the .NET 10 SDK) is needed to publish; or give -From with binaries published by installer/publish.sh --rid win-x64'
        }
        $From = Join-Path $work 'publish'
        foreach ($p in @(@('src\CardBridge.Service\CardBridge.Service.csproj', 'service'), @('src\CardBridge.Cli\CardBridge.Cli.csproj', 'cli'))) {
            Invoke-Native 'dotnet' @('publish', (Join-Path $repo $p[0]), '-c', 'Release', '-r', 'win-x64', '--self-contained', 'true',
                '-o', (Join-Path $From $p[1]), '-p:PublishDocumentationFiles=false', '-nologo', '-v', 'q')
        }
    }
    $From = (Resolve-Path $From).Path
    foreach ($program in 'service\cardbridge-service.exe', 'cli\cardbridge.exe', 'service\appsettings.json') {
        if (-not (Test-Path (Join-Path $From $program) -PathType Leaf)) {
            throw "$From\$program is missing: is $From the output of installer/publish.sh --rid win-x64?"
        }
    }

    if (-not [System.Diagnostics.EventLog]::SourceExists($EventSource)) {
        [System.Diagnostics.EventLog]::CreateEventSource($EventSource, 'Application')
        Write-Host "registered the event log source $EventSource (log Application)"
    }

    $existing = Get-Service -Name $ServiceName -ErrorAction SilentlyContinue
    $wasRunning = $false
    if ($existing -and $existing.Status -ne 'Stopped') {
        $wasRunning = $true
        Write-Host "stopping $ServiceName for the upgrade"
        Stop-Service -Name $ServiceName
        Wait-ServiceStatus $ServiceName Stopped 30
    }

    # Binaries: assembled next to the old ones, then swapped in, so nothing of an older version survives an upgrade
    # and a failed copy leaves the installed version as it was.
    $staging = "$InstallDir.new"
    $old = "$InstallDir.old"
    foreach ($dir in $staging, $old) { if (Test-Path $dir) { Remove-Item $dir -Recurse -Force } }
    New-Item -ItemType Directory -Path $staging | Out-Null
    Copy-Item -Path (Join-Path $From 'service\*') -Destination $staging -Recurse
    New-Item -ItemType Directory -Path (Join-Path $staging 'cli') | Out-Null
    Copy-Item -Path (Join-Path $From 'cli\*') -Destination (Join-Path $staging 'cli') -Recurse
    Move-Item (Join-Path $staging 'appsettings.json') (Join-Path $staging 'appsettings.json.default')
    $docs = Join-Path $repo 'docs\operations\installing.md'
    if (Test-Path $docs) {
        New-Item -ItemType Directory -Path (Join-Path $staging 'docs') | Out-Null
        Copy-Item $docs (Join-Path $staging 'docs\installing.md')
    }

    # Configuration, written once.
    $config = Join-Path $DataDir 'appsettings.json'
    foreach ($dir in $DataDir, (Join-Path $DataDir 'journal'), (Join-Path $DataDir 'logs')) {
        if (-not (Test-Path $dir)) { New-Item -ItemType Directory -Path $dir | Out-Null }
    }
    $upgrade = Test-Path $config
    if ($upgrade) {
        Write-Host "kept the existing configuration $config"
    } else {
        $settings = Get-Content -Raw -Encoding UTF8 (Join-Path $staging 'appsettings.json.default') | ConvertFrom-Json
        $settings.Security.PseudonymKey = New-Key
        $settings.Journal.EncryptionKey = New-Key
        $settings.Journal.IntegrityKey = New-Key
        $settings.Journal.Path = Join-Path $DataDir 'journal\journal.db'
        $settings.Audit.Path = Join-Path $DataDir 'logs\audit-.jsonl'
        $settings.Logs.FilePath = Join-Path $DataDir 'logs\cardbridge-.json'
        $settings.Logs.Console = $false
        # UTF-8 without a byte order mark; ConvertTo-Json's default depth (2) would flatten the sections.
        [IO.File]::WriteAllText($config, ($settings | ConvertTo-Json -Depth 20), (New-Object System.Text.UTF8Encoding $false))
        Write-Host "wrote $config with new pseudonym and journal keys (back them up: the journal cannot be read without them)"
    }

    # The service reads appsettings.json beside its program: a link to the configuration under ProgramData.
    New-Item -ItemType SymbolicLink -Path (Join-Path $staging 'appsettings.json') -Target $config | Out-Null
    if (Test-Path $InstallDir) { Move-Item $InstallDir $old }
    Move-Item $staging $InstallDir
    if (Test-Path $old) { Remove-Item $old -Recurse -Force }

    $binary = '"' + (Join-Path $InstallDir 'cardbridge-service.exe') + '"'
    if ($existing) {
        # The registry value rather than `sc.exe config binPath=`: Windows PowerShell mangles quotes inside arguments.
        Set-ItemProperty -Path "HKLM:\SYSTEM\CurrentControlSet\Services\$ServiceName" -Name ImagePath -Value $binary
        Set-Service -Name $ServiceName -StartupType Automatic
    } else {
        New-Service -Name $ServiceName -BinaryPathName $binary -DisplayName 'CardBridge social security card terminal service' `
            -Description 'Serves PC/SC card readers and the social security card to business systems over gRPC.' `
            -StartupType Automatic | Out-Null
        Write-Host "registered the service $ServiceName"
    }
    # Its own virtual account (no password, no rights beyond what the ACLs below give it) with its own SID.
    Invoke-Native 'sc.exe' @('config', $ServiceName, 'obj=', $ServiceAccount)
    Invoke-Native 'sc.exe' @('sidtype', $ServiceName, 'unrestricted')
    Invoke-Native 'sc.exe' @('failure', $ServiceName, 'reset=', '86400', 'actions=', 'restart/5000/restart/5000/restart/30000')
    Invoke-Native 'sc.exe' @('failureflag', $ServiceName, '1')

    # Data folder: SYSTEM and Administrators full control, the service reads the configuration and writes journal
    # and logs; nothing is inherited from ProgramData (where every user may read).
    Invoke-Native 'icacls.exe' @($DataDir, '/inheritance:r', '/grant:r', "${SystemSid}:(OI)(CI)F", "${AdministratorsSid}:(OI)(CI)F", "${ServiceAccount}:(OI)(CI)RX")
    foreach ($dir in (Join-Path $DataDir 'journal'), (Join-Path $DataDir 'logs')) {
        Invoke-Native 'icacls.exe' @($dir, '/grant:r', "${ServiceAccount}:(OI)(CI)M")
    }

    $cli = Join-Path $InstallDir 'cli'
    $path = [Environment]::GetEnvironmentVariable('Path', 'Machine')
    if (($path -split ';') -notcontains $cli) {
        [Environment]::SetEnvironmentVariable('Path', ($path.TrimEnd(';') + ';' + $cli), 'Machine')
        Write-Host "added $cli to the machine PATH (new consoles see cardbridge)"
    }

    $what = if ($upgrade) { 'upgraded' } else { 'installed' }
    # EventLog.WriteEntry rather than Write-EventLog, which PowerShell 7 no longer has.
    [System.Diagnostics.EventLog]::WriteEntry($EventSource, "CardBridge $what in $InstallDir, configuration $config.", 'Information', 1000)
    Write-Host "$what CardBridge: $InstallDir, configuration and data $DataDir"

    if ($NoStart) {
        Write-Host "start it with: Start-Service $ServiceName"
    } elseif ($upgrade -or $wasRunning) {
        Start-Service -Name $ServiceName
        Wait-ServiceStatus $ServiceName Running 60
        Write-Host "$ServiceName is running; check it with: cardbridge health"
    } else {
        Write-Host "Complete $config (Centre, Settlement:TerminalId, Readers, Security:Clients), then:"
        Write-Host "  Start-Service $ServiceName; cardbridge health"
    }
} finally {
    if (Test-Path $work) { Remove-Item $work -Recurse -Force }
}
