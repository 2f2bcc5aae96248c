// Vite bundles the stylesheet imported by main.tsx; it exports nothing the code uses.
declare module '*.css';
