; Zhidian 知点: the per-user Windows installer, made from the one-folder build (dist\zhidian).
;
;   python scripts\build_app.py
;   makensis /INPUTCHARSET UTF8 /DVERSION=0.1.0 packaging\windows\zhidian.nsi   -> dist\Zhidian-0.1.0-setup.exe
;
; Like Anki's installer it needs no administrator rights: RequestExecutionLevel user, installed to
; %LOCALAPPDATA%\Programs\Zhidian, a Start-menu and a desktop entry, an uninstaller listed under
; "Apps" for this user (HKCU). The teacher's data (%LOCALAPPDATA%\Zhidian, or data\ beside the program
; in portable mode) is never removed by installing, updating or uninstalling.
; Windows 10 version 1809 (build 17763) or later, 64-bit: what Qt 6 supports.
; Paths are relative to this file (makensis works in the script's folder).

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel user

!ifndef VERSION
  !define VERSION "0.1.0"
!endif
!ifndef SOURCE_DIR
  !define SOURCE_DIR "..\..\dist\zhidian"
!endif
!ifndef OUT_FILE
  !define OUT_FILE "..\..\dist\Zhidian-${VERSION}-setup.exe"
!endif
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Zhidian"
!define VC_RUNTIME_KEY "SOFTWARE\Microsoft\VisualStudio\14.0\VC\Runtimes\x64"
!define SHORTCUT "知点 Zhidian.lnk"
; Not HKCU\Software\Zhidian: the window keeps its settings there (QSettings), and they outlive the program.

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"
!include "WinVer.nsh"
!include "FileFunc.nsh"

Name "知点 Zhidian"
OutFile "${OUT_FILE}"
InstallDir "$LOCALAPPDATA\Programs\Zhidian"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "Zhidian ${VERSION}"

!define MUI_ICON "..\..\resources\icons\zhidian.ico"
!define MUI_UNICON "..\..\resources\icons\zhidian.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\zhidian-gui.exe"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"

LangString NeedsWindows10 ${LANG_SIMPCHINESE} "知点需要 64 位的 Windows 10（1809 版）或更高版本。"
LangString NeedsWindows10 ${LANG_ENGLISH} "Zhidian needs 64-bit Windows 10 (version 1809) or later."
LangString NoVCRuntime ${LANG_SIMPCHINESE} "这台电脑缺少 Microsoft Visual C++ 2015–2022 运行库（x64），知点的诊断功能可能无法启动。$\r$\n请让电脑管理员安装：https://aka.ms/vs/17/release/vc_redist.x64.exe"
LangString NoVCRuntime ${LANG_ENGLISH} "This PC lacks the Microsoft Visual C++ 2015–2022 runtime (x64); Zhidian's diagnosis may fail to start.$\r$\nAsk the PC's administrator to install https://aka.ms/vs/17/release/vc_redist.x64.exe"

Function .onInit
  ${IfNot} ${RunningX64}
  ${OrIfNot} ${AtLeastWin10}
  ${OrIfNot} ${AtLeastBuild} 17763
    MessageBox MB_ICONSTOP|MB_OK "$(NeedsWindows10)" /SD IDOK
    Abort
  ${EndIf}
FunctionEnd

; torch's DLLs (c10.dll, fbgemm.dll, …) need the Visual C++ 2015–2022 runtime (msvcp140.dll,
; vcruntime140.dll, vcruntime140_1.dll). The build ships them in _internal\ (scripts/build_app.py checks),
; so a clean Windows needs nothing; this warns only if neither that copy nor an installed runtime is found.
Function CheckVCRuntime
  SetRegView 64
  ReadRegDWORD $0 HKLM "${VC_RUNTIME_KEY}" "Installed"
  SetRegView default
  ${If} $0 == 1
    Return
  ${EndIf}
  ${If} ${FileExists} "$INSTDIR\_internal\vcruntime140_1.dll"
  ${AndIf} ${FileExists} "$INSTDIR\_internal\msvcp140.dll"
    Return
  ${EndIf}
  ${DisableX64FSRedirection}
  StrCpy $1 0
  ${If} ${FileExists} "$SYSDIR\vcruntime140_1.dll"
  ${AndIf} ${FileExists} "$SYSDIR\msvcp140.dll"
    StrCpy $1 1
  ${EndIf}
  ${EnableX64FSRedirection}
  ${If} $1 == 0
    MessageBox MB_ICONEXCLAMATION|MB_OK "$(NoVCRuntime)" /SD IDOK
  ${EndIf}
FunctionEnd

Section "Zhidian"
  SetShellVarContext current
  ; An update replaces the program's files; the data live elsewhere and stay.
  RMDir /r "$INSTDIR\_internal"
  SetOutPath "$INSTDIR"
  File /r "${SOURCE_DIR}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\${SHORTCUT}" "$INSTDIR\zhidian-gui.exe" "" "$INSTDIR\zhidian-gui.exe" 0
  CreateShortcut "$DESKTOP\${SHORTCUT}" "$INSTDIR\zhidian-gui.exe" "" "$INSTDIR\zhidian-gui.exe" 0
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "知点 Zhidian"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "Zhidian"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\zhidian-gui.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" $0
  Call CheckVCRuntime
SectionEnd

; Removes only what the installer put there: a portable data\ folder beside the program stays, and
; with it the folder itself.
Section "Uninstall"
  SetShellVarContext current
  Delete "$SMPROGRAMS\${SHORTCUT}"
  Delete "$DESKTOP\${SHORTCUT}"
  RMDir /r "$INSTDIR\_internal"
  RMDir /r "$INSTDIR\licenses"
  Delete "$INSTDIR\zhidian.exe"
  Delete "$INSTDIR\zhidian-gui.exe"
  Delete "$INSTDIR\THIRD_PARTY_LICENSES.txt"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd
