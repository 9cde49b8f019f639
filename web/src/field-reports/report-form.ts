/**
 * The report form: every field labelled, checked in the browser against the
 * same limits as the server (FIELD_REPORT_LIMITS), each error shown beside
 * its field and announced. A valid form becomes a draft for the outbox;
 * the id is made there, so a refused report fixed here is a new report.
 */
import {
  ATTACHMENT_MEDIA_TYPES,
  FIELD_REPORT_CATEGORIES,
  FIELD_REPORT_LIMITS,
  type FieldReportCategory,
  type FieldReportInputBody,
} from '../../../src/api/wire-field-reports.js';
import { CATEGORY_LABELS, formatBytes } from './field-report-labels.js';
import { mountLocationPicker } from './location-picker.js';

const L = FIELD_REPORT_LIMITS;

/** A report without its id, and the photos chosen for it. */
export interface ReportDraft {
  input: Omit<FieldReportInputBody, 'id'>;
  photos: File[];
}

export interface ReportForm {
  /** Fills the form with a draft to fix (a report the server refused). */
  load(draft: ReportDraft): void;
  /** Settles once the map's base layer has loaded, or failed to. */
  mapSettled: Promise<void>;
}

type FieldName =
  | 'lon'
  | 'lat'
  | 'observedMs'
  | 'category'
  | 'count'
  | 'bearingDeg'
  | 'distanceM'
  | 'text'
  | 'photos';

const FORM_HTML = `
  <h1>File a field report</h1>
  <fieldset>
    <legend>Where</legend>
    <p class="fr-hint" id="fr-where-hint">Click the map, type decimal degrees, or use your position.</p>
    <div class="fr-map" id="fr-map" aria-label="Map: click to place the report" role="application"></div>
    <div class="fr-row">
      <label>Longitude (°E, −180 to 180)
        <input id="fr-lon" name="lon" inputmode="decimal" autocomplete="off" required aria-describedby="fr-where-hint fr-lon-error" />
      </label>
      <label>Latitude (°N, −90 to 90)
        <input id="fr-lat" name="lat" inputmode="decimal" autocomplete="off" required aria-describedby="fr-where-hint fr-lat-error" />
      </label>
    </div>
    <p class="fr-error" id="fr-lon-error"></p>
    <p class="fr-error" id="fr-lat-error"></p>
    <button type="button" id="fr-locate">Use my position</button>
    <p class="fr-hint" id="fr-locate-status" aria-live="polite"></p>
  </fieldset>
  <fieldset>
    <legend>What</legend>
    <label>When seen (your local time)
      <input id="fr-time" name="observedMs" type="datetime-local" step="60" required aria-describedby="fr-time-utc fr-observedMs-error" />
    </label>
    <p class="fr-hint" id="fr-time-utc"></p>
    <p class="fr-error" id="fr-observedMs-error"></p>
    <label>Category
      <select id="fr-category" name="category" required aria-describedby="fr-category-error">
        <option value="">Choose…</option>
      </select>
    </label>
    <p class="fr-error" id="fr-category-error"></p>
    <div class="fr-row">
      <label>How many (rounds, impacts, drones, vehicles, people)
        <input id="fr-count" name="count" type="number" min="1" max="${L.maxCount}" step="1" value="1" required aria-describedby="fr-count-error" />
      </label>
    </div>
    <p class="fr-error" id="fr-count-error"></p>
    <div class="fr-row">
      <label>Bearing from you (° true, optional)
        <input id="fr-bearing" name="bearingDeg" type="number" min="0" max="360" step="any" aria-describedby="fr-bearingDeg-error" />
      </label>
      <label>Distance from you (m, optional)
        <input id="fr-distance" name="distanceM" type="number" min="0" max="${L.maxDistanceM}" step="any" aria-describedby="fr-distanceM-error" />
      </label>
    </div>
    <p class="fr-error" id="fr-bearingDeg-error"></p>
    <p class="fr-error" id="fr-distanceM-error"></p>
    <label>What you saw
      <textarea id="fr-text" name="text" rows="5" maxlength="${L.maxTextChars}" aria-describedby="fr-text-count fr-text-error"></textarea>
    </label>
    <p class="fr-hint" id="fr-text-count"></p>
    <p class="fr-error" id="fr-text-error"></p>
  </fieldset>
  <fieldset>
    <legend>Photos (optional)</legend>
    <label>Add photos (JPEG, PNG or WebP, up to ${formatBytes(L.maxAttachmentBytes)} each, ${L.maxAttachmentsPerReport} at most)
      <input id="fr-photos" name="photos" type="file" multiple accept="${ATTACHMENT_MEDIA_TYPES.join(',')}" aria-describedby="fr-photos-error" />
    </label>
    <ul class="fr-photo-list" id="fr-photo-list" aria-label="Chosen photos"></ul>
    <p class="fr-error" id="fr-photos-error"></p>
  </fieldset>
  <button type="submit" class="fr-submit">File report</button>
  <p class="fr-status" id="fr-form-status" role="status"></p>
`;

export function mountReportForm(
  form: HTMLFormElement,
  onSubmit: (draft: ReportDraft) => Promise<void>,
): ReportForm {
  form.noValidate = true; // our own messages, beside each field, in the server's words
  form.innerHTML = FORM_HTML;
  const $ = <T extends HTMLElement>(id: string) => form.querySelector<T>(`#${id}`)!;
  const lon = $<HTMLInputElement>('fr-lon');
  const lat = $<HTMLInputElement>('fr-lat');
  const time = $<HTMLInputElement>('fr-time');
  const category = $<HTMLSelectElement>('fr-category');
  const count = $<HTMLInputElement>('fr-count');
  const bearing = $<HTMLInputElement>('fr-bearing');
  const distance = $<HTMLInputElement>('fr-distance');
  const text = $<HTMLTextAreaElement>('fr-text');
  const photoInput = $<HTMLInputElement>('fr-photos');
  const photoList = $<HTMLUListElement>('fr-photo-list');
  const status = $('fr-form-status');
  const inputs: Record<FieldName, HTMLElement> = {
    lon,
    lat,
    observedMs: time,
    category,
    count,
    bearingDeg: bearing,
    distanceM: distance,
    text,
    photos: photoInput,
  };
  for (const c of FIELD_REPORT_CATEGORIES) {
    category.append(new Option(CATEGORY_LABELS[c], c));
  }
  const picker = mountLocationPicker($('fr-map'), lon, lat, $('fr-locate'), $('fr-locate-status'));

  let photos: File[] = [];
  const showUtc = () => {
    const ms = readLocalTime(time.value);
    $('fr-time-utc').textContent =
      ms === undefined ? '' : `= ${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  };
  const showTextCount = () => {
    $('fr-text-count').textContent = `${text.value.length} / ${L.maxTextChars} characters`;
  };
  const renderPhotos = () => {
    photoList.replaceChildren(
      ...photos.map((file, i) => {
        const li = document.createElement('li');
        const remove = document.createElement('button');
        remove.type = 'button';
        remove.textContent = 'Remove';
        remove.setAttribute('aria-label', `Remove photo ${file.name}`);
        remove.addEventListener('click', () => {
          photos = photos.filter((_, j) => j !== i);
          renderPhotos();
          photoInput.focus();
        });
        li.append(`${file.name} (${formatBytes(file.size)}) `, remove);
        return li;
      }),
    );
  };
  const setErrors = (errors: Partial<Record<FieldName, string>>) => {
    for (const [name, el] of Object.entries(inputs) as [FieldName, HTMLElement][]) {
      const message = errors[name] ?? '';
      $(`fr-${name}-error`).textContent = message;
      if (message === '') el.removeAttribute('aria-invalid');
      else el.setAttribute('aria-invalid', 'true');
    }
  };
  const resetAfterFiling = () => {
    // The place stays: a monitor often files several things seen from one spot.
    time.value = formatLocalTime(Date.now());
    category.value = '';
    count.value = '1';
    bearing.value = '';
    distance.value = '';
    text.value = '';
    photos = [];
    renderPhotos();
    showUtc();
    showTextCount();
  };

  photoInput.addEventListener('change', () => {
    const { kept, problems } = checkPhotos(photos, [...(photoInput.files ?? [])]);
    photos = kept;
    photoInput.value = '';
    renderPhotos();
    setErrors(problems.length > 0 ? { photos: problems.join(' ') } : {});
  });
  time.addEventListener('input', showUtc);
  text.addEventListener('input', showTextCount);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const read = readDraft(
      { lon, lat, time, category, count, bearing, distance, text },
      photos,
      Date.now(),
    );
    setErrors(read.errors);
    const firstBad = (Object.keys(inputs) as FieldName[]).find((n) => read.errors[n] !== undefined);
    if (firstBad !== undefined) {
      status.textContent = 'Please correct the fields marked below.';
      inputs[firstBad].focus();
      return;
    }
    try {
      await onSubmit(read.draft!);
      status.textContent =
        'Report queued in the outbox; it is sent as soon as the server can be reached.';
      resetAfterFiling();
    } catch (err) {
      status.textContent = `Could not keep the report on this device: ${String(err)}`;
    }
  });

  resetAfterFiling();
  return {
    mapSettled: picker.baseLayersSettled,
    load(draft) {
      const i = draft.input;
      lon.value = String(i.lon);
      lat.value = String(i.lat);
      time.value = formatLocalTime(i.observedMs);
      category.value = i.category;
      count.value = String(i.count);
      bearing.value = i.bearingDeg === null ? '' : String(i.bearingDeg);
      distance.value = i.distanceM === null ? '' : String(i.distanceM);
      text.value = i.text;
      photos = [...draft.photos];
      renderPhotos();
      showUtc();
      showTextCount();
      picker.sync();
      status.textContent = 'The refused report is back in the form: correct it and file it again.';
      lon.focus();
    },
  };
}

/** New photos added to those chosen, minus those that break a limit, with why. */
function checkPhotos(chosen: File[], added: File[]): { kept: File[]; problems: string[] } {
  const kept = [...chosen];
  const problems: string[] = [];
  for (const file of added) {
    if (!(ATTACHMENT_MEDIA_TYPES as readonly string[]).includes(file.type)) {
      problems.push(`${file.name}: not a JPEG, PNG or WebP photo.`);
    } else if (file.size > L.maxAttachmentBytes) {
      problems.push(
        `${file.name}: ${formatBytes(file.size)} is over the ${formatBytes(L.maxAttachmentBytes)} limit.`,
      );
    } else if (kept.length >= L.maxAttachmentsPerReport) {
      problems.push(`${file.name}: a report holds at most ${L.maxAttachmentsPerReport} photos.`);
    } else {
      kept.push(file);
    }
  }
  return { kept, problems };
}

interface FormInputs {
  lon: HTMLInputElement;
  lat: HTMLInputElement;
  time: HTMLInputElement;
  category: HTMLSelectElement;
  count: HTMLInputElement;
  bearing: HTMLInputElement;
  distance: HTMLInputElement;
  text: HTMLTextAreaElement;
}

function readDraft(
  f: FormInputs,
  photos: File[],
  nowMs: number,
): { draft?: ReportDraft; errors: Partial<Record<FieldName, string>> } {
  const errors: Partial<Record<FieldName, string>> = {};
  const num = (
    el: HTMLInputElement,
    field: FieldName,
    min: number,
    max: number,
    opts: { optional?: boolean; integer?: boolean } = {},
  ) => {
    const raw = el.value.trim().replace(',', '.');
    if (raw === '') {
      if (!opts.optional) errors[field] = 'Required.';
      return null;
    }
    const v = Number(raw);
    if (!Number.isFinite(v)) errors[field] = 'Enter a number in decimal form, e.g. 33.5215.';
    else if (v < min || v > max) errors[field] = `Must be between ${min} and ${max}.`;
    else if (opts.integer && !Number.isInteger(v)) errors[field] = 'Must be a whole number.';
    return v;
  };
  const lon = num(f.lon, 'lon', -180, 180);
  const lat = num(f.lat, 'lat', -90, 90);
  const count = num(f.count, 'count', 1, L.maxCount, { integer: true });
  const bearingDeg = num(f.bearing, 'bearingDeg', 0, 360, { optional: true });
  const distanceM = num(f.distance, 'distanceM', 0, L.maxDistanceM, { optional: true });
  const observedMs = readLocalTime(f.time.value);
  if (observedMs === undefined) errors.observedMs = 'Required: the date and time you saw it.';
  else if (observedMs > nowMs + L.maxFutureSkewMs)
    errors.observedMs = 'Is in the future: check the time.';
  else if (observedMs < nowMs - L.maxAgeMs)
    errors.observedMs = `Is more than ${L.maxAgeMs / 86_400_000} days ago.`;
  const category = f.category.value as FieldReportCategory | '';
  if (category === '') errors.category = 'Choose what you saw.';
  if (f.text.value.length > L.maxTextChars) errors.text = `At most ${L.maxTextChars} characters.`;
  if (Object.keys(errors).length > 0) return { errors };
  return {
    errors,
    draft: {
      input: {
        observedMs: observedMs!,
        lon: lon!,
        lat: lat!,
        category: category as FieldReportCategory,
        count: count!,
        bearingDeg,
        distanceM,
        text: f.text.value,
      },
      photos: [...photos],
    },
  };
}

/** `datetime-local` holds the device's local time without a zone; Date reads it as such. */
function readLocalTime(value: string): number | undefined {
  if (value === '') return undefined;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? ms : undefined;
}

function formatLocalTime(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
