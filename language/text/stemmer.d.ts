/** The part of @nlpjs/lang-es the language layer uses (the package ships no type declarations). */
declare module '@nlpjs/lang-es' {
    export class StemmerEs {
        /** The Snowball stem of one lowercase word without accents ("atrapados" -> "atrap"). */
        stemWord(word: string): string;
    }
}
