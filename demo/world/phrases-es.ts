import type { DemoTheme } from './types';

/**
 * Spanish templates for the few non-English reviews (language detection and
 * the "text in the author's language" rule are tested with them). Only some
 * themes have Spanish sentences; the composer falls back to those.
 */

export const ES_THEMES: Partial<Record<DemoTheme, { pos: readonly string[]; neg: readonly string[] }>> = {
  friendliness: {
    pos: ['Muy amables y atentos desde que llegamos.', '{name} fue muy paciente con nosotros.'],
    neg: ['El personal fue muy grosero.', 'Nadie nos saludó al entrar.'],
  },
  speed: {
    pos: ['Todo el proceso fue rápido, en menos de dos horas.', 'No tuvimos que esperar nada.'],
    neg: ['Esperamos más de tres horas para firmar.', 'La espera fue eterna.'],
  },
  price: {
    pos: ['Buen precio y sin cargos escondidos.', 'Me dieron un buen valor por mi auto usado.'],
    neg: ['Agregaron cargos que nunca mencionaron.', 'El precio final fue mucho más alto que el anunciado.'],
  },
  communication: {
    pos: ['{name} nos explicó todo en español, con mucha claridad.', 'Siempre nos mantuvieron informados.'],
    neg: ['Nunca nos avisaron que el auto no estaba listo.', 'Cada persona nos decía algo distinto.'],
  },
  responsiveness: {
    pos: ['Contestaron todas mis llamadas el mismo día.'],
    neg: ['Dejé varios mensajes y nadie me devolvió la llamada.'],
  },
  honesty: {
    pos: ['Gente honesta, sin presión.'],
    neg: ['No fueron honestos con el historial del auto.'],
  },
};

export const ES_OPENINGS: Record<number, readonly string[]> = {
  5: ['¡Excelente experiencia!', 'Compramos una camioneta y estamos muy contentos.'],
  4: ['Buena experiencia en general.', 'Todo bien, con algunos detalles.'],
  3: ['Regular, ni bueno ni malo.'],
  2: ['Me decepcionó bastante.'],
  1: ['La peor experiencia que he tenido.', 'No se los recomiendo.'],
};

export const ES_CLOSINGS = {
  pos: ['¡Muy recomendados!', 'Volveremos pronto.', ''],
  mid: ['Ojalá mejoren.', ''],
  neg: ['No volveré.', ''],
};

export const ES_TITLES: Record<number, readonly string[]> = {
  5: ['¡Excelente servicio!', 'Muy recomendado'],
  4: ['Buena atención'],
  3: ['Regular'],
  2: ['Decepcionante'],
  1: ['Pésimo servicio'],
};

export const ES_NAME_LINES = {
  pos: ['Pregunten por {name}.', '{name} nos atendió de maravilla.'],
  pos2: ['{name} y {name2} fueron excelentes.'],
  neg: ['{name} nunca nos devolvió la llamada.'],
};

export const ES_RESPONSES = {
  pos: ['¡Muchas gracias, {author}! Nos alegra que {who} le haya atendido tan bien.'],
  neg: ['{author}, lamentamos mucho su experiencia. Por favor llámeme directamente a la tienda.'],
};
