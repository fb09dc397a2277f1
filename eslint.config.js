// Lint rules for src/, scripts/ and test/: typescript-eslint's recommended set, with formatting
// left to Prettier (eslint-config-prettier turns off the rules that would disagree with it).
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "data/", "coverage/", ".build/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      eqeqeq: ["error", "always"],
      "no-console": "error",
      // Full-width spaces are ordinary Chinese typography inside strings and templates.
      "no-irregular-whitespace": ["error", { skipStrings: true, skipTemplates: true, skipRegExps: true }],
    },
  },
  // Tests may print a skip notice.
  { files: ["test/**"], rules: { "no-console": "off" } },
);
