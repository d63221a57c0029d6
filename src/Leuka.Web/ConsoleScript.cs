namespace Leuka.Web;

/// <summary>
/// The live console's script: follows the run's server-sent events and posts the operator's
/// actions to the API. No framework; every control is a native button or input (keyboard works).
/// </summary>
internal static class ConsoleScript
{
    public const string Js = """
        (() => {
          const root = document.getElementById('console');
          if (!root) return;
          const id = root.dataset.run;
          const api = `/api/runs/${id}`;
          const rows = [];
          let last = null;
          const $ = (s) => document.getElementById(s);
          const set = (el, text) => { const e = $(el); if (e) e.textContent = text; };
          const post = async (body, who) => {
            const r = await fetch(`${api}/actions${who ? '?who=' + who : ''}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
            if (!r.ok) {
              let detail = `not applied (${r.status})`;
              try { const p = await r.json(); detail = p.detail || detail; } catch { }
              set('console-message', detail);
            } else { set('console-message', ''); }
            return r.ok;
          };
          const num = (v, d) => (typeof v === 'number' ? v.toFixed(d) : v);
          const plot = (svgId, key, color) => {
            const svg = $(svgId); if (!svg || rows.length < 2) return;
            const xs = rows.map(r => r['Time(min)']), ys = rows.map(r => r[key]);
            const x0 = Math.min(...xs), x1 = Math.max(...xs, x0 + 1), y0 = Math.min(...ys), y1 = Math.max(...ys, y0 + 1e-6);
            const pts = rows.map(r => `${(10 + 280 * (r['Time(min)'] - x0) / (x1 - x0)).toFixed(1)},${(110 - 100 * (r[key] - y0) / (y1 - y0)).toFixed(1)}`).join(' ');
            svg.querySelector('polyline').setAttribute('points', pts);
            svg.querySelector('.lo').textContent = num(y0, 2);
            svg.querySelector('.hi').textContent = num(y1, 2);
          };
          const onStep = (r) => {
            rows.push(r); last = r;
            set('v-time', `${num(r['Time(min)'], 0)} min`);
            set('v-phase', r['Phase(name)']);
            set('v-inlet', `${num(r['InletFlow(mL/min)'], 1)} mL/min`);
            set('v-ac', `${num(r['AcFlow(mL/min)'], 2)} mL/min`);
            set('v-collect', `${num(r['CollectFlow(mL/min)'], 2)} mL/min`);
            set('v-plasma', `${num(r['PlasmaFlow(mL/min)'], 1)} mL/min`);
            set('v-processed', `${num(r['ProcessedVolume(mL)'] / 1000, 2)} L`);
            set('v-wbc', `${num(r['WBC(10^9/L)'], 1)} ×10⁹/L`);
            set('v-plt', `${num(r['Platelets(10^9/L)'], 0)} ×10⁹/L`);
            set('v-hct', `${num(r['Hematocrit(%)'], 1)} %`);
            set('v-ica', `${num(r['IonizedCalcium(mmol/L)'], 2)} mmol/L`);
            set('v-fluid', `${num(r['FluidBalance(mL)'], 0)} mL`);
            set('v-bp', `${num(r['SystolicPressure(mmHg)'], 0)}/${num(r['DiastolicPressure(mmHg)'], 0)} mmHg`);
            set('v-hr', `${num(r['HeartRate(/min)'], 0)} /min`);
            plot('p-wbc', 'WBC(10^9/L)'); plot('p-ica', 'IonizedCalcium(mmol/L)'); plot('p-fluid', 'FluidBalance(mL)'); plot('p-map', 'MeanArterialPressure(mmHg)');
          };
          const onAlarm = (a) => {
            const li = document.createElement('li');
            li.className = `alarm-${a.tier}`; li.id = `alarm-${a.index}`;
            const text = document.createElement('span');
            text.textContent = `${a.atMin} min · ${a.tier} · ${a.code}: ${a.message} `;
            const b = document.createElement('button');
            b.type = 'button'; b.textContent = 'Acknowledge'; b.className = 'ack';
            b.setAttribute('aria-label', `Acknowledge ${a.code} at ${a.atMin} min`);
            b.addEventListener('click', async () => { if (await post({ acknowledge: a.index })) markAcknowledged(a.index); });
            li.append(text, b);
            $('alarms').prepend(li);
          };
          const markAcknowledged = (index) => {
            const b = document.querySelector(`#alarm-${index} button`);
            if (b) { b.disabled = true; b.textContent = 'Acknowledged'; }
          };
          const onAction = (x) => {
            const li = document.createElement('li');
            li.textContent = `${x.atMin} min · ${x.who}: ${x.what}`;
            $('log').append(li);
          };
          const onState = (s) => {
            set('v-speed', s.speed + (s.held ? ' (held: answer the alarm)' : ''));
            set('v-paused', s.paused ? 'pumps stopped' : 'pumps running');
            const sel = $('speed'); if (sel && document.activeElement !== sel) sel.value = s.speed;
          };
          const source = new EventSource(`${api}/events`);
          // Every (re)connection replays the run from its start: begin from empty.
          source.addEventListener('open', () => { rows.length = 0; $('alarms').replaceChildren(); $('log').replaceChildren(); });
          source.addEventListener('acknowledged', e => markAcknowledged(JSON.parse(e.data).index));
          source.addEventListener('error', e => { if (e.data) { set('console-message', JSON.parse(e.data).message); source.close(); } });
          source.addEventListener('step', e => onStep(JSON.parse(e.data)));
          source.addEventListener('alarm', e => onAlarm(JSON.parse(e.data)));
          source.addEventListener('action', e => onAction(JSON.parse(e.data)));
          source.addEventListener('state', e => onState(JSON.parse(e.data)));
          source.addEventListener('ended', e => {
            source.close();
            const s = JSON.parse(e.data);
            set('v-phase', 'ended');
            set('ended', `The procedure ended: ${s.stopReason}.`);
            $('debrief').hidden = false;
          });
          const click = (idName, f) => { const b = $(idName); if (b) b.addEventListener('click', f); };
          click('a-slow', () => last && post({ set: { inletFlow: `${Math.max(5, last['InletFlow(mL/min)'] * 0.8).toFixed(1)} mL/min` } }));
          click('a-calcium', () => post({ give: { calciumGluconate10Percent: '10 mL' } }));
          click('a-pause', () => post({ pause: { reason: 'operator' } }));
          click('a-headdown', () => post({ position: 'trendelenburg' }));
          click('a-saline', () => post({ give: { saline: `${document.getElementById('a-saline').dataset.ml} mL` } }));
          click('a-resume', () => post({ resume: {} }));
          click('a-end', () => post({ end: {} }));
          click('a-inlet', () => { const v = $('inlet').value.trim(); if (v) post({ set: { inletFlow: `${v} mL/min` } }); });
          click('f-occluded', () => post({ fault: { type: 'access-occluded' } }, 'instructor'));
          click('f-air', () => post({ fault: { type: 'air-in-return' } }, 'instructor'));
          click('f-vasovagal', () => post({ fault: { type: 'vasovagal-reaction' } }, 'instructor'));
          click('f-ac', () => post({ fault: { type: 'ac-disconnected' } }, 'instructor'));
          const speed = $('speed'); if (speed) speed.addEventListener('change', () => post({ speed: speed.value }));
        })();
        """;
}
