#include "vitvmc/io/measurement_file.hpp"

#include "vitvmc/io/h5.hpp"
#include "vitvmc/io/h5_data.hpp"

namespace vitvmc {
namespace {

void write_scalar(hid_t loc, const std::string& name, double v, const std::string& units,
                  const std::string& description) {
  H5Dataset ds = h5_create_dataset(loc, name, h5_native_type<double>(), {});
  h5_write_rows(ds.id(), h5_native_type<double>(), &v, 0, 1);
  h5_annotate(ds.id(), units, description);
}

/// A matrix with one row per head, stored with the row's own shape `per_row` (e.g. {n, n}).
void write_per_head(hid_t loc, const std::string& name, const RealMatrix& m,
                    const std::vector<hsize_t>& per_row, const std::string& description) {
  std::vector<hsize_t> dims = {static_cast<hsize_t>(m.rows())};
  dims.insert(dims.end(), per_row.begin(), per_row.end());
  H5Dataset ds = h5_create_dataset(loc, name, h5_native_type<double>(), dims);
  h5_write_rows(ds.id(), h5_native_type<double>(), m.data(), 0, static_cast<hsize_t>(m.rows()));
  h5_annotate(ds.id(), "1", description);
}

void write_energy(hid_t file, const MeasurementFile::Energy& e) {
  H5Group g = h5_create_group(file, "energy");
  write_scalar(g.id(), "per_site", e.per_site, "J1/site", "<H>/N");
  write_scalar(g.id(), "error_per_site", e.error_per_site, "J1/site", "error of <H>/N");
  write_scalar(g.id(), "variance", e.variance, "J1^2", "<|E_loc - <H>|^2>");
  write_scalar(g.id(), "variance_error", e.variance_error, "J1^2",
               "standard error of the variance (NaN: unknown; docs/statistics.md)");
  write_scalar(g.id(), "v_score", e.v_score, "1", "N Var(E) / <E>^2");
  write_scalar(g.id(), "samples", e.samples, "1", "samples used");
  write_scalar(g.id(), "psi_power", e.psi_power, "1",
               "the chains sampled |psi|^psi_power, reweighted to |psi|^2");
}

void write_structure_factor(hid_t file, const std::vector<MeasurementFile::StructureFactor>& sf) {
  H5Group group = h5_create_group(file, "structure_factor");
  for (const MeasurementFile::StructureFactor& q : sf) {
    H5Group g = h5_create_group(group.id(), q.name);
    write_scalar(g.id(), "value", q.value, "1",
                 "S(q) = (1/N) sum_ij <S^z_i S^z_j> exp(i q (r_i - r_j))");
    write_scalar(g.id(), "error", q.error, "1", "error of S(q)");
    write_scalar(g.id(), "qx", q.qx, "1/lattice spacing", "wave vector x");
    write_scalar(g.id(), "qy", q.qy, "1/lattice spacing", "wave vector y");
  }
}

// layer<l>/{mean, spread, by_displacement} under `loc`.
void write_attention_layers(hid_t loc, const std::vector<MeasurementFile::AttentionLayer>& layers,
                            const MeasurementFile& m) {
  const auto n = static_cast<hsize_t>(m.patches);
  for (std::size_t l = 0; l < layers.size(); ++l) {
    const MeasurementFile::AttentionLayer& layer = layers[l];
    H5Group g = h5_create_group(loc, "layer" + std::to_string(l));
    write_per_head(g.id(), "mean", layer.mean, {n, n},
                   "[head, I, J]: attention of patch I on patch J averaged over samples");
    write_per_head(g.id(), "spread", RealMatrix(layer.spread), {},
                   "[head]: D = E ||A(sigma) - mean||_F / ||mean||_F (docs/attention.md)");
    write_per_head(g.id(), "by_displacement", layer.by_displacement,
                   {static_cast<hsize_t>(m.gy), static_cast<hsize_t>(m.gx)},
                   "[head, dy, dx]: mean map averaged over patch pairs at displacement (dx, dy)");
  }
}

void write_attention(hid_t file, const MeasurementFile& m) {
  H5Group att = h5_create_group(file, "attention");
  write_attention_layers(att.id(), m.attention, m);
  if (m.attention_terms.empty()) return;
  H5Group terms = h5_create_group(file, "attention_terms");
  for (const MeasurementFile::AttentionTerm& t : m.attention_terms) {
    H5Group g = h5_create_group(terms.id(), t.name);
    write_attention_layers(g.id(), t.layers, m);
  }
}

void write_column(hid_t loc, const std::string& name, const RealVector& v, const std::string& units,
                  const std::string& description) {
  H5Dataset ds =
      h5_create_dataset(loc, name, h5_native_type<double>(), {static_cast<hsize_t>(v.size())});
  h5_write_rows(ds.id(), h5_native_type<double>(), v.data(), 0, static_cast<hsize_t>(v.size()));
  h5_annotate(ds.id(), units, description);
}

void write_samples(hid_t file, const MeasurementFile::Samples& s) {
  H5Group g = h5_create_group(file, "samples");
  write_column(g.id(), "e_loc_real", s.e_loc.real(), "J1", "Re E_loc of every sample");
  write_column(g.id(), "e_loc_imag", s.e_loc.imag(), "J1", "Im E_loc of every sample");
  write_column(g.id(), "weight", s.weight, "1",
               "the sample's share of every mean (sums to 1): 1/M, the normalised importance "
               "weight, or |psi|^2 / Z of the row in exact mode");
  write_column(g.id(), "multiplicity", s.multiplicity, "1",
               "basis states a row stands for (exact mode over translation orbits; else 1)");
}

}  // namespace

void write_measurement_file(const std::string& path, const MeasurementFile& m) {
  H5File file = h5_create_serial(path);
  h5_write_string_attribute(file.id(), "format", "vitvmc measurement");
  h5_write_string_attribute(file.id(), "checkpoint", m.checkpoint);
  h5_write_attribute<std::int64_t>(file.id(), "step", m.step);
  write_energy(file.id(), m.energy);
  write_structure_factor(file.id(), m.structure_factor);
  if (!m.attention.empty()) write_attention(file.id(), m);
  if (m.samples) write_samples(file.id(), *m.samples);
  if (m.freeze) {
    H5Group f = h5_create_group(file.id(), "freeze");
    write_scalar(f.id(), "energy_per_site", m.freeze->energy_per_site, "J1/site",
                 "<H>/N with every attention map replaced by its mean");
    write_scalar(f.id(), "error_per_site", m.freeze->error_per_site, "J1/site", "its error");
  }
  file.close();
}

std::vector<RealMatrix> read_attention_tables(const std::string& path, const std::string& dataset,
                                              Index layers) {
  std::vector<RealMatrix> tables;
  try {
    const H5File file = h5_open_serial(path, H5Access::kReadOnly);
    for (Index l = 0; l < layers; ++l) {
      const std::string name = "attention/layer" + std::to_string(l) + "/" + dataset;
      if (!h5_exists(file.id(), name))
        throw MeasurementFileError(path + " has no /" + name +
                                   " (write it with vmc_measure --output)");
      const H5Dataset ds = h5_open_dataset(file.id(), name);
      const std::vector<hsize_t> dims = h5_dims(ds.id());
      if (dims.empty()) throw MeasurementFileError(path + ": /" + name + " is a scalar");
      hsize_t per_head = 1;
      for (std::size_t k = 1; k < dims.size(); ++k) per_head *= dims[k];
      RealMatrix t(static_cast<Index>(dims[0]), static_cast<Index>(per_head));
      h5_read_rows(ds.id(), h5_native_type<double>(), t.data(), 0, dims[0]);
      tables.push_back(std::move(t));
    }
  } catch (const H5Error& e) {
    throw MeasurementFileError(path + ": " + e.what());
  }
  return tables;
}

}  // namespace vitvmc
