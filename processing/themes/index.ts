export { themeLexiconSchema, themeSchema, type ThemeDefinition, type ThemeLexicon, type ThemeLexiconInput } from './schema';
export { compileThemeLexicon, type CompiledThemeLexicon } from './compile';
export { loadThemeLexicon, parseThemeLexicon, resolveLexiconPath, BUNDLED_LEXICONS, LEXICON_DIR } from './load';
export { detectThemes, THEME_RULES, type DetectedTheme } from './detect';
