; Inno Setup 6 script: the CDI workbench's Windows setup program.
;
; installer/build.py compiles it after the bundle is built and smoke-tested:
;   ISCC /DAppVersion=0.1.0 /DBundleDir=installer\dist\cdi-workbench /DOutputDir=installer\dist installer\windows\cdi-workbench.iss
; -> installer\dist\cdi-workbench-0.1.0-windows-x64-setup.exe
;
; - Installs for the current user without administrator rights (into
;   %LOCALAPPDATA%\Programs\CDI workbench); run as administrator, or with /ALLUSERS, it
;   offers an install for every user (Program Files, HKLM). Silent: /VERYSILENT /CURRENTUSER.
; - A Start-menu entry (and, if chosen, a desktop shortcut) for the window program.
; - The .cdiaudit (audit) and .cdipkg (peer-review package) file types open in the workbench.
; - Uninstalling removes the program, its shortcuts and its file types, and nothing
;   else: audits, signing keys, settings, demo copies and crash reports live outside the
;   program's folder (installer/README.md says where) and are left alone.
; - Signing: installer\build.py --sign COMMAND signs the programs before they are packed,
;   then this script signs the setup program and its uninstaller with the same command
;   (see installer/README.md, "Code signing").

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef BundleDir
  #define BundleDir "..\dist\cdi-workbench"
#endif
#ifndef OutputDir
  #define OutputDir "..\dist"
#endif
#define AppName "CDI workbench"
#define WindowProgram "cdi-workbench-window.exe"

[Setup]
; Never change AppId: it is how Windows knows a new version replaces an installed one.
AppId={{BCCB0B87-2D49-43B2-A08D-4EF1D61B82CA}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=CDI workbench project
AppComments=Crime data integrity audits: dip-sample records, answer the checklist, report the findings.
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
; per user, no administrator rights; an administrator may choose an install for all users
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#OutputDir}
OutputBaseFilename=cdi-workbench-{#AppVersion}-windows-x64-setup
SetupIconFile=..\..\resources\icons\cdi-workbench.ico
UninstallDisplayIcon={app}\{#WindowProgram}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; tell Explorer when the file types change (install and uninstall)
ChangesAssociations=yes
; a running workbench holds its files: ask to close it rather than fail half-way
CloseApplications=yes
#ifdef Sign
; installer\build.py --sign COMMAND passes the tool as /Sworkbenchsign=COMMAND and defines Sign
SignTool=workbenchsign
SignedUninstaller=yes
#endif

[Tasks]
Name: "desktopicon"; Description: "Create a desktop shortcut"; GroupDescription: "Shortcuts:"; Flags: unchecked

[Files]
; the bundle as installer\build.py built and smoke-tested it, nothing added or left out
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; an earlier version's files, so nothing of it lingers beside the new one (the folder
; holds only the program: no user data is ever written there)
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#WindowProgram}"; WorkingDir: "{userdocs}"; Comment: "Crime data integrity audits"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#WindowProgram}"; WorkingDir: "{userdocs}"; Tasks: desktopicon

[Registry]
; HKA is HKCU for a per-user install and HKLM for an install for all users.
; .cdiaudit: an audit file
Root: HKA; Subkey: "Software\Classes\.cdiaudit\OpenWithProgids"; ValueType: string; ValueName: "CDIWorkbench.Audit"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.cdiaudit"; ValueType: string; ValueName: ""; ValueData: "CDIWorkbench.Audit"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\CDIWorkbench.Audit"; ValueType: string; ValueName: ""; ValueData: "CDI workbench audit"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\CDIWorkbench.Audit\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#WindowProgram},0"
Root: HKA; Subkey: "Software\Classes\CDIWorkbench.Audit\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#WindowProgram}"" ""%1"""
; .cdipkg: a peer-review (or team) package: opening it asks for its passphrase and makes a working copy
Root: HKA; Subkey: "Software\Classes\.cdipkg\OpenWithProgids"; ValueType: string; ValueName: "CDIWorkbench.Package"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.cdipkg"; ValueType: string; ValueName: ""; ValueData: "CDIWorkbench.Package"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\CDIWorkbench.Package"; ValueType: string; ValueName: ""; ValueData: "CDI workbench peer-review package"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\CDIWorkbench.Package\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#WindowProgram},0"
Root: HKA; Subkey: "Software\Classes\CDIWorkbench.Package\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#WindowProgram}"" ""%1"""
; "Open with" lists the workbench for both types
Root: HKA; Subkey: "Software\Classes\Applications\{#WindowProgram}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppName}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\{#WindowProgram}\SupportedTypes"; ValueType: string; ValueName: ".cdiaudit"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#WindowProgram}\SupportedTypes"; ValueType: string; ValueName: ".cdipkg"; ValueData: ""

[Run]
Filename: "{app}\{#WindowProgram}"; Description: "Open the CDI workbench"; Flags: nowait postinstall skipifsilent
